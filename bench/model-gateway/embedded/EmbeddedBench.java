import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;

/**
 * Tokens per second of one streamed generation with the tiny model: llama.cpp called directly in this JVM (the
 * de.kherud binding the gateway uses, same file, same parameters) against the gateway streaming the same generation
 * over HTTP (/v1/completions, "stream": true, read as it arrives). Rounds alternate direct / gateway so that the load
 * of the shared machine hits both alike; the medians are compared.
 * Usage: java -cp <gateway libs> EmbeddedBench.java <gguf file> <gateway url> <model name> [tokens] [rounds] [threads]
 */
public class EmbeddedBench {

    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private static final Pattern FINISH = Pattern.compile("\"finish_reason\":\"(\\w+)\"");
    private static final String PROMPT = "def";
    private static final int SEED = 7;

    public static void main(String[] args) throws Exception {
        Path gguf = Path.of(args[0]);
        URI gateway = URI.create(args[1]);
        String model = args[2];
        int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
        // the gateway's load parameters (EmbeddedRuntime): context 4096, one slot, no context shift, no warm-up run
        ModelParameters parameters = new ModelParameters().setModel(gguf.toString()).setCtxSize(4096).setParallel(1)
                .setThreads(threads).setThreadsBatch(threads).disableContextShift().skipWarmup();
        HttpClient http = HttpClient.newHttpClient();
        List<Double> direct = new ArrayList<>();
        List<Double> viaGateway = new ArrayList<>();
        try (LlamaModel llama = new LlamaModel(parameters)) {
            // warm-up: JIT of both paths, the gateway's model load, page cache
            for (int i = 0; i < 4; i++) {
                direct(llama, tokens);
                gateway(http, gateway, model, tokens);
            }
            for (int round = 0; round < rounds; round++) {
                direct.add(direct(llama, tokens));
                viaGateway.add(gateway(http, gateway, model, tokens));
                System.out.printf("round %d: direct %.0f tok/s, gateway %.0f tok/s%n", round + 1,
                        direct.get(round), viaGateway.get(round));
            }
        }
        double d = median(direct);
        double g = median(viaGateway);
        System.out.println();
        System.out.printf("| path | tokens per generation | rounds | median tokens/s | min | max |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        System.out.printf("| llama.cpp direct (in-process, no HTTP) | %d | %d | %.0f | %.0f | %.0f |%n", tokens, rounds, d,
                Collections.min(direct), Collections.max(direct));
        System.out.printf("| gateway, streamed over HTTP | %d | %d | %.0f | %.0f | %.0f |%n", tokens, rounds, g,
                Collections.min(viaGateway), Collections.max(viaGateway));
        System.out.printf("%nratio gateway / direct: %.2f× (target ≥ 0.9×)%n", g / d);
        System.exit(0);
    }

    /** One generation of {@code tokens} tokens, timed from the call to the last piece. */
    private static double direct(LlamaModel llama, int tokens) {
        long start = System.nanoTime();
        int pieces = 0;
        // what the gateway asks llama.cpp for the request below: no EOS (so exactly `tokens`), greedy, fresh prompt
        for (LlamaOutput ignored : llama.generate(new InferenceParameters(PROMPT).setNPredict(tokens)
                .setTemperature(0f).setSeed(SEED).setTokenIdBias(Map.of(2, -100f)).setCachePrompt(false))) {
            pieces++;
        }
        if (pieces == 0) {
            throw new IllegalStateException("llama.cpp produced nothing");
        }
        return tokens / seconds(start);
    }

    /** The same generation through the gateway, timed from sending the request to the end of the stream. */
    private static double gateway(HttpClient http, URI gateway, String model, int tokens) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":" + tokens
                + ",\"temperature\":0,\"seed\":" + SEED + ",\"stream\":true,\"logit_bias\":{\"2\":-100}}";
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/completions"))
                .header("Content-Type", "application/json").header("Cache-Control", "no-cache")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("gateway answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        int generated = -1;
        String finish = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher m = COMPLETION_TOKENS.matcher(line);
                if (m.find()) {
                    generated = Integer.parseInt(m.group(1));
                }
                Matcher f = FINISH.matcher(line);
                if (f.find()) {
                    finish = f.group(1);
                }
            }
        }
        double elapsed = seconds(start);
        if (generated != tokens || !"length".equals(finish)) {
            throw new IllegalStateException("the gateway generated " + generated + " tokens (" + finish
                    + "), not the " + tokens + " the direct run generates: the comparison would be unfair");
        }
        return generated / elapsed;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
