process SSRNN_PREDICT {
    tag "$meta.id"
    label 'process_medium'

    conda "${moduleDir}/environment.yml"
    // No public biocontainer exists yet: build the image from the repository's Dockerfile
    // (docker build -t ssrnn:0.1.0 .) or set `process.container` to your own.
    container "ssrnn:0.1.0"

    input:
    tuple val(meta), path(fasta)

    output:
    tuple val(meta), path("${prefix}"), emit: preds
    path "versions.yml"               , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''          // e.g. '--format tsv' or '--model custom.ssrnn'
    prefix = task.ext.prefix ?: "${meta.id}"
    def format = args.contains('--format') ? '' : '--format ss2'
    """
    predict-structure \\
        $format \\
        $args \\
        --threads $task.cpus \\
        --outdir ${prefix} \\
        ${fasta}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        ssrnn: \$(predict-structure --version | sed 's/^predict-structure //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    mkdir ${prefix}
    touch ${prefix}/test.ss2

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        ssrnn: \$(predict-structure --version | sed 's/^predict-structure //')
    END_VERSIONS
    """
}
