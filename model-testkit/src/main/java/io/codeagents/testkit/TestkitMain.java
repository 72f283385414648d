package io.codeagents.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.Vertx;

/**
 * {@code java -jar model-testkit.jar --ollama-port 11434 [--tgi-port P] [--openai-port P] [--script rules.json]
 * [--models a,b] [--behaviour behaviour.json]}: runs the chosen servers until killed, driven over their
 * {@code /_testkit/} control API.
 */
public final class TestkitMain {

    private TestkitMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("model-testkit: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        Vertx vertx = Vertx.vertx();
        List<ModelTestServer<?>> servers = new ArrayList<>();
        try {
            if (options.ollamaPort != null) {
                servers.add(OllamaTestServer.start(vertx, options.ollamaPort));
            }
            if (options.tgiPort != null) {
                servers.add(TgiTestServer.start(vertx, options.tgiPort));
            }
            if (options.openaiPort != null) {
                servers.add(OpenAiTestServer.start(vertx, options.openaiPort));
            }
        } catch (IllegalStateException e) {
            System.err.println("model-testkit: " + e.getMessage());
            vertx.close();
            System.exit(1);
        }
        for (ModelTestServer<?> server : servers) {
            if (options.script != null) {
                server.script(options.script);
            }
            if (options.models != null) {
                server.models(options.models);
            }
            if (options.behaviour != null) {
                server.behaviour(options.behaviour);
            }
            System.out.println("model-testkit: " + server.protocol() + " listening on " + server.url());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            servers.forEach(ModelTestServer::close);
            vertx.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static final class Options {
        static final String USAGE = """
                usage: java -jar model-testkit.jar [--ollama-port P] [--tgi-port P] [--openai-port P]
                                                   [--script rules.json] [--behaviour behaviour.json] [--models a,b]
                  at least one port; 0 picks a free one. Control API on each server: PUT/GET /_testkit/script,
                  PUT/GET /_testkit/behaviour, PUT/GET /_testkit/models, GET/DELETE /_testkit/requests, POST /_testkit/reset""";

        Integer ollamaPort;
        Integer tgiPort;
        Integer openaiPort;
        Script script;
        Behaviour behaviour;
        List<String> models;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("-h") || name.equals("--help")) {
                    o.help = true;
                    return o;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--ollama-port" -> o.ollamaPort = port(name, value);
                    case "--tgi-port" -> o.tgiPort = port(name, value);
                    case "--openai-port" -> o.openaiPort = port(name, value);
                    case "--script" -> o.script = Script.parse(read(value));
                    case "--behaviour" -> o.behaviour = Behaviour.parse(read(value));
                    case "--models" -> o.models = Arrays.stream(value.split(",")).map(String::trim)
                            .filter(s -> !s.isEmpty()).toList();
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.ollamaPort == null && o.tgiPort == null && o.openaiPort == null) {
                throw new IllegalArgumentException("give at least one of --ollama-port, --tgi-port, --openai-port");
            }
            return o;
        }

        private static int port(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
            }
        }

        private static String read(String file) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
