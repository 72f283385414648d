FROM codeagents-standin/base:bookworm
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 LANG=C.UTF-8
CMD ["jshell"]
