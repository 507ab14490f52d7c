# ssrnn on Debian 12, built and tested with the README's own commands, then installed into
# /usr/local (tools on PATH, bundled model, C++ package, Python module for /usr/bin/python3).
#   docker build -t ssrnn:0.1.0 .
#   docker run --rm -i ssrnn:0.1.0 predict-structure --format ss2 - < proteins.fasta
FROM debian:12
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/ssrnn
COPY . .
# scripts/test.sh is what CI runs: install dependencies, build, check, run every test.
RUN bash scripts/test.sh && cmake --install build && rm -rf build /root/.cache
WORKDIR /data
CMD ["predict-structure", "--help"]
