FROM codeagents-standin/base:bookworm
RUN printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: /var/lib/registry\n  delete:\n    enabled: true\nhttp:\n  addr: 0.0.0.0:5000\n' > /etc/registry.yml \
    && mkdir -p /var/lib/registry
EXPOSE 5000
CMD ["docker-registry", "serve", "/etc/registry.yml"]
