FROM codeagents-standin/base:bookworm
RUN mkdir -p /data && chown redis:redis /data
# The official image builds Redis with protected mode off (it is reached from other containers, not only
# from loopback); Debian's build has it on. The entrypoint puts it off first, so a command in
# docker-compose.yml (redis-server --appendonly yes …) behaves as with the official image, and an explicit
# --protected-mode later on the command line still wins.
RUN printf '#!/bin/sh\nif [ "$1" = redis-server ]; then shift; set -- redis-server --protected-mode no "$@"; fi\nexec "$@"\n' \
      > /usr/local/bin/docker-entrypoint.sh && chmod 755 /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
USER redis
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
