# ssrnn on Debian 12, in two stages (README, "Container"):
#  - build: the project's own scripts install the build dependencies, build with warnings as
#    errors, run the C++ unit, CLI and regression tests and the Python module's tests (set
#    --build-arg SSRNN_TESTS=0 to skip them), and install into a staging folder;
#  - runtime: Debian 12 with only the runtime libraries, the tools on PATH, both bundled models
#    (/usr/local/share/ssrnn/models), the example input, the C++ package and the Python module for
#    /usr/bin/python3 (with NumPy); MMseqs2 for profile mode; a non-root user; no entrypoint.
#
#   docker build -t ssrnn:0.1.0 .                  (or: podman build -t ssrnn:0.1.0 .)
#   docker run --rm -i ssrnn:0.1.0 predict-structure --format ss2 - < proteins.fasta
#   docker run --rm -v "$PWD:/data" ssrnn:0.1.0 predict-structure -o proteins.ss8 proteins.fasta
#
# scripts/test-container.sh builds this file and checks the image's predictions against the host's.
FROM debian:12 AS build
ENV DEBIAN_FRONTEND=noninteractive
ARG SSRNN_TESTS=1
WORKDIR /src
COPY . .
RUN bash scripts/install-deps.sh \
 && bash scripts/build.sh -DSSRNN_BUILD_TESTS="$([ "$SSRNN_TESTS" = 1 ] && echo ON || echo OFF)" \
      -DSSRNN_WERROR=ON -DSSRNN_BUILD_PYTHON=ON -DSSRNN_MPI=OFF \
 && if [ "$SSRNN_TESTS" = 1 ]; then (cd build && ctest --output-on-failure -j"$(nproc)"); fi \
 && DESTDIR=/stage cmake --install build \
 && rm -rf /var/lib/apt/lists/*

FROM debian:12
ARG SSRNN_VERSION=0.1.0
LABEL org.opencontainers.image.title="ssrnn" \
      org.opencontainers.image.description="Protein secondary structure (8 and 3 DSSP states) with recurrent neural networks" \
      org.opencontainers.image.version="${SSRNN_VERSION}" \
      org.opencontainers.image.source="https://github.com/ssrnn/ssrnn" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="debian:12"
ENV DEBIAN_FRONTEND=noninteractive
# Runtime libraries of the tools (OpenMP, Boost.ProgramOptions, zlib, bzip2) and of the Python
# module (Python 3.11, NumPy); MMseqs2 for --search-db; mkdssp and libcifpp for structures; procps for `ps` in workflow engines (nf-core).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libgomp1 libboost-program-options1.74.0 zlib1g libbz2-1.0 \
      python3 python3-numpy mmseqs2 dssp libcifpp5 procps \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
 && useradd --create-home --uid 1000 --shell /bin/bash ssrnn \
 && mkdir /data && chown ssrnn:ssrnn /data
COPY --from=build /stage/usr/local /usr/local
RUN predict-structure --version && /usr/bin/python3 -c 'import ssrnn; print("python3: ssrnn", ssrnn.__version__)'
USER ssrnn
WORKDIR /data
