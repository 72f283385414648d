FROM codeagents-standin/base:bookworm
ENTRYPOINT ["curl"]
