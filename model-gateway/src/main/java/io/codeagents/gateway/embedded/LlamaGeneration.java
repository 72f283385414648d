package io.codeagents.gateway.embedded;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.codeagents.common.http.RequestIds;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.client.ChatMessage;
import io.codeagents.gateway.client.Chunk;
import io.codeagents.gateway.client.InferenceRequest;
import io.codeagents.gateway.client.TokenStream;
import io.codeagents.gateway.client.Usage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;

/**
 * One generation with an embedded model, run on a generation thread because every llama.cpp call blocks: find the
 * model, take (or load) it, render the prompt, then pull pieces from llama.cpp's stream until its end. The stream the
 * client reads is buffered, so a slow client never holds llama.cpp back. A client that goes away cancels the task at
 * the next piece, from this thread (a cancel from another thread would leave this one waiting for a result that never
 * comes). Usage is llama.cpp's own count from its log; only without it is it estimated from the pieces.
 */
final class LlamaGeneration implements TokenStream {

    private static final Logger LOG = Logger.getLogger(LlamaGeneration.class);
    private static final Field TASK_ID = taskIdField();
    private static final long COUNTS_WAIT_MILLIS = 2000;
    /**
     * Pieces that come faster than this apart are sent together: a small model on a fast CPU makes a token every
     * millisecond, and one SSE event (JSON, a write, a syscall) per token would take the CPU llama.cpp needs. A real
     * model on a CPU is far slower than this, so each of its tokens still goes out alone, at once.
     */
    private static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** What a generation needs from the backend that starts it. */
    record Context(LocalModelStore store, EmbeddedRuntime runtime, LlamaLog log, int defaultContextSize,
            long firstTokenDeadlineNanos, long totalDeadlineNanos, String backend) {
    }

    private final InferenceRequest request;
    private final Context context;
    private final String requestId = RequestIds.current();
    private final UnicastProcessor<Chunk> processor = UnicastProcessor.create();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final List<Runnable> onTermination = new ArrayList<>(2);
    private volatile boolean open;

    LlamaGeneration(InferenceRequest request, Context context) {
        this.request = request;
        this.context = context;
    }

    boolean isOpen() {
        return open;
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public Multi<Chunk> chunks() {
        return processor.onCancellation().invoke(this::cancel);
    }

    @Override
    public void onTermination(Runnable action) {
        boolean now;
        synchronized (onTermination) {
            now = terminated.get();
            if (!now) {
                onTermination.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    /** Runs the generation; {@code opened} gets this stream at the first piece, or the failure before it. */
    void run(UniEmitter<? super TokenStream> opened) {
        RequestIds.bind(requestId);
        EmbeddedRuntime.Lease lease = null;
        try {
            StoredModel model = context.store().find(request.model()).orElseThrow(() -> new BackendFailure(
                    Kind.MODEL_NOT_FOUND, context.backend() + ": no complete model '" + request.model()
                            + "' in the model store " + context.store().root()
                            + " (pull it with the download service: POST /pulls)"));
            int contextSize = contextSize(model);
            lease = context.runtime().acquire(model, contextSize, context.firstTokenDeadlineNanos());
            if (!cancelled.get()) {
                generate(model, lease.model(), contextSize, opened);
            }
        } catch (BackendFailure failure) {
            fail(opened, failure);
        } catch (RuntimeException e) {
            fail(opened, classify(e));
        } finally {
            if (lease != null) {
                lease.close();
            }
            terminate();
            RequestIds.bind(null);
        }
    }

    /**
     * @param model the model as requested: another name for the same weights may have its own template and defaults
     */
    private void generate(StoredModel model, EmbeddedRuntime.Loaded loaded, int contextSize,
            UniEmitter<? super TokenStream> opened) {
        LlamaModel llama = loaded.llama;
        ChatPrompt prompt = ChatPrompt.of(request, model,
                loaded.header.hasChatTemplate()
                        ? (system, turns) -> llama.applyTemplate(
                                new InferenceParameters("").setMessages(system, pairs(turns)))
                        : null);
        loaded.announce(model, prompt);
        int promptTokens = llama.encode(prompt.text()).length + (loaded.header.addsBos() ? 1 : 0);
        if (promptTokens >= contextSize) {
            throw new BackendFailure(Kind.CONTEXT_TOO_LONG, context.backend() + ": the prompt for " + model.name()
                    + " is " + promptTokens + " tokens, its context " + contextSize
                    + " tokens (raise num_ctx or gateway.embedded.context-size, or shorten the prompt)");
        }
        LlamaIterator pieces = llama.generate(parameters(prompt.text(), model)).iterator();
        int task = taskId(pieces);
        CompletableFuture<LlamaLog.TaskCounts> counts = task >= 0 && context.log().counting()
                ? context.log().counts(task)
                : null;
        int received = 0;
        StringBuilder unsent = new StringBuilder();
        long lastSent = 0;
        while (pieces.hasNext()) {
            LlamaOutput piece = pieces.next();
            received++;
            if (!open) {
                open = true;
                opened.complete(this);
            }
            unsent.append(piece.text);
            long now = System.nanoTime();
            if (!unsent.isEmpty() && now - lastSent >= COALESCE_NANOS) {
                processor.onNext(Chunk.text(unsent.toString()));
                unsent.setLength(0);
                lastSent = now;
            }
            if (cancelled.get() || context.runtime().closing()) {
                pieces.cancel();
                return;
            }
            if (System.nanoTime() > context.totalDeadlineNanos()) {
                pieces.cancel();
                throw new BackendFailure(Kind.TIMEOUT, context.backend() + " did not finish within the total timeout");
            }
        }
        if (!unsent.isEmpty()) {
            processor.onNext(Chunk.text(unsent.toString()));
        }
        // the last piece only says the task ended: every other one stands for at least one token
        Usage usage = usage(counts, promptTokens, Math.max(0, received - 1));
        processor.onNext(Chunk.last(finishReason(usage, contextSize), usage));
        processor.onComplete();
    }

    private Usage usage(CompletableFuture<LlamaLog.TaskCounts> counts, int promptTokens, int pieces) {
        if (counts != null) {
            try {
                LlamaLog.TaskCounts exact = context.log().await(counts, COUNTS_WAIT_MILLIS);
                return new Usage(exact.promptTokens() > 0 ? exact.promptTokens() : promptTokens,
                        exact.generatedTokens());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debugf("No token counts from llama.cpp's log: %s", e.toString());
            }
        }
        return new Usage(promptTokens, pieces);
    }

    /** {@code length} when the token budget or the context was used up, else {@code stop} (EOS or a stop string). */
    private String finishReason(Usage usage, int contextSize) {
        boolean budget = request.maxTokens() != null && usage.completionTokens() >= request.maxTokens();
        boolean full = usage.promptTokens() + usage.completionTokens() >= contextSize;
        return budget || full ? "length" : "stop";
    }

    /** The request's sampling settings, else the model's defaults from its params layer, else llama.cpp's. */
    private InferenceParameters parameters(String prompt, StoredModel model) {
        JsonObject defaults = model.params() == null ? new JsonObject() : model.params();
        InferenceParameters parameters = new InferenceParameters(prompt)
                .setNPredict(request.maxTokens() != null ? request.maxTokens() : -1);
        Double temperature = request.temperature() != null ? request.temperature() : number(defaults, "temperature");
        if (temperature != null) {
            parameters.setTemperature(temperature.floatValue());
        }
        Double topP = request.topP() != null ? request.topP() : number(defaults, "top_p");
        if (topP != null) {
            parameters.setTopP(topP.floatValue());
        }
        Double topK = number(defaults, "top_k");
        if (topK != null) {
            parameters.setTopK(topK.intValue());
        }
        Double repeatPenalty = number(defaults, "repeat_penalty");
        if (repeatPenalty != null) {
            parameters.setRepeatPenalty(repeatPenalty.floatValue());
        }
        if (request.seed() != null) {
            parameters.setSeed((int) Math.floorMod(request.seed(), (long) Integer.MAX_VALUE));
        }
        if (request.logitBias() != null) {
            Map<Integer, Float> bias = new HashMap<>();
            request.logitBias().forEach((token, value) -> bias.put(token, value.floatValue()));
            parameters.setTokenIdBias(bias);
        }
        if (request.temperature() != null && request.temperature() == 0.0 || request.seed() != null) {
            // llama.cpp's logits differ in the last bits between a reused prompt prefix and a fresh one: a request
            // that asks to be reproducible gets its prompt evaluated afresh, the same way each time
            parameters.setCachePrompt(false);
        }
        List<String> stop = request.stop() != null && !request.stop().isEmpty() ? request.stop() : stops(defaults);
        if (!stop.isEmpty()) {
            parameters.setStopStrings(stop.toArray(String[]::new));
        }
        return parameters;
    }

    private int contextSize(StoredModel model) {
        if (request.numCtx() != null) {
            return request.numCtx();
        }
        Double fromModel = model.params() == null ? null : number(model.params(), "num_ctx");
        return fromModel != null && fromModel >= 1 ? fromModel.intValue() : context.defaultContextSize();
    }

    private static Double number(JsonObject json, String key) {
        return json.getValue(key) instanceof Number n ? n.doubleValue() : null;
    }

    private static List<String> stops(JsonObject defaults) {
        List<String> stops = new ArrayList<>();
        if (defaults.getValue("stop") instanceof JsonArray array) {
            array.forEach(s -> {
                if (s instanceof String text && !text.isEmpty()) {
                    stops.add(text);
                }
            });
        }
        return stops;
    }

    private static List<Pair<String, String>> pairs(List<ChatMessage> turns) {
        return turns.stream().map(m -> new Pair<>(m.role(), m.content())).toList();
    }

    private void fail(UniEmitter<? super TokenStream> opened, BackendFailure failure) {
        if (open) {
            processor.onError(failure);
        } else {
            opened.fail(failure);
        }
    }

    private BackendFailure classify(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        Kind kind = message.toLowerCase(Locale.ROOT).contains("context") ? Kind.CONTEXT_TOO_LONG : Kind.SERVER_ERROR;
        LOG.debugf(e, "Embedded generation failed");
        return new BackendFailure(kind, context.backend() + ": llama.cpp failed: " + message);
    }

    private void terminate() {
        List<Runnable> actions;
        synchronized (onTermination) {
            if (!terminated.compareAndSet(false, true)) {
                return;
            }
            actions = new ArrayList<>(onTermination);
            onTermination.clear();
        }
        actions.forEach(Runnable::run);
    }

    /** The binding keeps the llama.cpp task id private; it keys the counts in llama.cpp's log. */
    private static int taskId(LlamaIterator iterator) {
        try {
            return TASK_ID == null ? -1 : TASK_ID.getInt(iterator);
        } catch (IllegalAccessException e) {
            return -1;
        }
    }

    private static Field taskIdField() {
        try {
            Field field = LlamaIterator.class.getDeclaredField("taskId");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(LlamaGeneration.class).warnf("Token counts of embedded generations are estimates: %s",
                    e.toString());
            return null;
        }
    }
}
