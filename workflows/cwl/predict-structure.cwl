#!/usr/bin/env cwl-runner
# ssrnn predict-structure as a CWL CommandLineTool.
#   cwltool workflows/cwl/predict-structure.cwl --fasta data/example.fasta --format ss2
cwlVersion: v1.2
class: CommandLineTool
label: ssrnn predict-structure
doc: |
  Protein secondary structure (8 DSSP states and 3 states) and disorder from single sequences with
  ssrnn's bundled model (or --model), or in profile mode (bundled_model: profile, with search_db,
  profiles or msa). Output in the chosen format (ss8, ss3, ss2, horiz, tsv, json).
  predict-structure must be on PATH (cmake --install, or the Dockerfile's image).
baseCommand: [predict-structure, --quiet]
# Only CWL parameter references ($(inputs.fasta.nameroot)), no JavaScript expressions: runners
# need no Node.js engine (cwltool without nodejs runs it; scripts/test-workflows.sh checks that).
hints:
  ResourceRequirement:
    coresMin: 1
    ramMin: 2000
  SoftwareRequirement:
    packages:
      ssrnn:
        version: ["0.1.0"]
inputs:
  fasta:
    type: File
    doc: protein FASTA (plain, .gz or .bz2)
    inputBinding:
      position: 10
  format:
    type: string?
    default: ss8
    doc: ss8, ss3, ss2, horiz, tsv or json
    inputBinding:
      prefix: --format
  model:
    type: File?
    doc: model or ensemble file (default the bundled model)
    inputBinding:
      prefix: --model
  bundled_model:
    type: string?
    doc: a bundled model by name instead of a file (default, profile)
    inputBinding:
      prefix: --model
  search_db:
    type: Directory?
    doc: with a profile model, a database prepare-database made (MMseqs2 searches it for profiles)
    inputBinding:
      prefix: --search-db
  profiles:
    type:
      - "null"
      - type: array
        items: File
        inputBinding:
          prefix: --profiles
    doc: with a profile model, precomputed profile files instead of search_db
    inputBinding:
      position: 5
  msa:
    type: Directory?
    doc: with a profile model, a folder of alignments instead of search_db (A3M, aligned FASTA or Stockholm, one per record, matched by the query's name)
    inputBinding:
      prefix: --msa
  threads:
    type: int?
    default: 1
    doc: worker threads (the output does not depend on it)
    inputBinding:
      prefix: --threads
arguments:
  - prefix: --output
    valueFrom: $(inputs.fasta.nameroot).$(inputs.format)
outputs:
  predictions:
    type: File
    outputBinding:
      glob: $(inputs.fasta.nameroot).$(inputs.format)
