package io.codeagents.gateway.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.gateway.client.BackendFailure;
import io.codeagents.gateway.client.BackendFailure.Kind;
import io.codeagents.gateway.config.GatewayConfig;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;

/**
 * Keeps at most one model loaded: loaded on the first request that needs it, shared by concurrent generations,
 * switched only when none is running, unloaded after {@code idle-unload} without use. Before a load the file's GGUF
 * header is checked and the memory it will take is estimated against what is available. A model that fails to load is
 * remembered with its reason: requests get that reason at once, and the load is tried again only once the file changed
 * or {@code load-retry-after} passed. Loads and unloads are blocking native calls: they happen on generation threads
 * and a dedicated unload thread, never on an event loop.
 */
final class EmbeddedRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedRuntime.class);
    /** llama.cpp's task loop finishes its bookkeeping just after the last result; closing waits that long. */
    private static final long QUIET_BEFORE_CLOSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private record Key(Path blob, int contextSize) {
    }

    /** A model in memory. */
    final class Loaded {
        final StoredModel model;
        final GgufHeader header;
        final LlamaModel llama;
        final int contextSize;
        final long estimatedBytes;
        final Instant loadedAt = Instant.now();
        /** The prompt formats used so far, and for which model names (several names may share weights). */
        final Set<String> announced = new TreeSet<>();
        final Set<ChatPrompt.Source> formats = EnumSet.noneOf(ChatPrompt.Source.class);
        private final Key key;
        private int leases;
        private long lastUsedNanos = System.nanoTime();

        private Loaded(StoredModel model, GgufHeader header, LlamaModel llama, int contextSize, long estimatedBytes) {
            this.model = model;
            this.header = header;
            this.llama = llama;
            this.contextSize = contextSize;
            this.estimatedBytes = estimatedBytes;
            this.key = new Key(model.blob(), contextSize);
        }

        /** Logs the first time each prompt format is used with a model name, so the log says which one was. */
        void announce(StoredModel requested, ChatPrompt prompt) {
            boolean first;
            synchronized (announced) {
                formats.add(prompt.source());
                first = announced.add(requested.name() + " " + prompt.source());
            }
            if (first && prompt.source() != ChatPrompt.Source.RAW) {
                LOG.infof("Embedded model %s: chats are rendered with %s%s", requested.name(),
                        describe(prompt.source()), prompt.note() == null ? "" : " (" + prompt.note() + ")");
            }
        }
    }

    /** The right to generate with a loaded model until released. */
    final class Lease implements AutoCloseable {
        private final Loaded loaded;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Loaded loaded) {
            this.loaded = loaded;
        }

        Loaded model() {
            return loaded;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                synchronized (EmbeddedRuntime.this) {
                    loaded.leases--;
                    loaded.lastUsedNanos = System.nanoTime();
                    EmbeddedRuntime.this.notifyAll();
                }
            }
        }
    }

    private record LoadFailure(long size, FileTime modified, String message, Instant at) {
    }

    private final GatewayConfig.Embedded config;
    private final int slots;
    private final MemoryBudget memory;
    private final ScheduledExecutorService idleCheck;
    private final Map<Path, LoadFailure> failures = new ConcurrentHashMap<>();
    private Loaded loaded;
    private boolean transitioning;
    private boolean closed;

    final AtomicLong loadsOk = new AtomicLong();
    final AtomicLong loadsFailed = new AtomicLong();
    final AtomicLong unloadsIdle = new AtomicLong();
    final AtomicLong unloadsSwitch = new AtomicLong();
    final AtomicLong lastLoadMillis = new AtomicLong();

    EmbeddedRuntime(GatewayConfig.Embedded config, int slots, MemoryBudget memory) {
        this.config = config;
        this.slots = Math.max(1, slots);
        this.memory = memory;
        this.idleCheck = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("llama-idle-unload"));
        long period = Math.max(100, Math.min(10_000, config.idleUnload().toMillis() / 4));
        idleCheck.scheduleWithFixedDelay(this::unloadIfIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The model loaded with this context size, loading it (and unloading another) if needed. Waits until
     * {@code deadlineNanos} for generations of another model to finish.
     */
    Lease acquire(StoredModel model, int contextSize, long deadlineNanos) {
        Key key = new Key(model.blob(), contextSize);
        Loaded previous;
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new BackendFailure(Kind.UNREACHABLE, "embedded: the runtime is shutting down");
                }
                if (!transitioning && loaded != null && loaded.key.equals(key)) {
                    loaded.leases++;
                    return new Lease(loaded);
                }
                if (!transitioning && (loaded == null || loaded.leases == 0)) {
                    break;
                }
                long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (waitMillis <= 0) {
                    throw new BackendFailure(Kind.BUSY, "embedded: " + (loaded == null ? "a model" : loaded.model.name())
                            + " is still generating; " + model.name() + " can be loaded once it is done");
                }
                waitQuietly(waitMillis);
            }
            rememberedFailure(model);
            transitioning = true;
            previous = loaded;
        }
        Loaded fresh = null;
        try {
            GgufHeader header = header(model);
            long estimate = checkMemory(model, header, contextSize, previous);
            if (previous != null) {
                synchronized (this) {
                    loaded = null;
                }
                unload(previous, "switch");
            }
            fresh = load(model, header, contextSize, estimate);
            fresh.leases = 1;
            return new Lease(fresh);
        } finally {
            synchronized (this) {
                if (fresh != null) {
                    loaded = fresh;
                }
                transitioning = false;
                notifyAll();
            }
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendFailure(Kind.SERVER_ERROR, "embedded: interrupted while waiting for the model");
        }
    }

    private void rememberedFailure(StoredModel model) {
        LoadFailure failure = failures.get(model.blob());
        if (failure == null) {
            return;
        }
        Instant retryAt = failure.at().plus(config.loadRetryAfter());
        if (sameFile(model.blob(), failure) && Instant.now().isBefore(retryAt)) {
            throw new BackendFailure(Kind.MISCONFIGURED, failure.message() + " (not retried until the file changes or "
                    + retryAt + ")");
        }
        failures.remove(model.blob());
    }

    private static boolean sameFile(Path file, LoadFailure failure) {
        try {
            return Files.size(file) == failure.size() && Files.getLastModifiedTime(file).equals(failure.modified());
        } catch (IOException e) {
            return false;
        }
    }

    private GgufHeader header(StoredModel model) {
        try {
            return GgufHeader.read(model.blob());
        } catch (GgufHeader.Invalid e) {
            throw remember(model, "blob " + model.digest() + " of " + model.name() + " is not a usable model: "
                    + e.getMessage());
        } catch (IOException e) {
            throw remember(model, "cannot read blob " + model.digest() + " of " + model.name() + ": " + e.getMessage());
        }
    }

    private BackendFailure remember(StoredModel model, String reason) {
        String message = "embedded: " + model.name() + " cannot be loaded: " + reason;
        try {
            failures.put(model.blob(), new LoadFailure(Files.size(model.blob()),
                    Files.getLastModifiedTime(model.blob()), message, Instant.now()));
        } catch (IOException e) {
            // gone meanwhile: nothing to remember, the next request finds it missing
        }
        loadsFailed.incrementAndGet();
        LOG.warn(message);
        return new BackendFailure(Kind.MISCONFIGURED, message);
    }

    /** Weights + K/V cache for every slot + compute buffers must fit in what is available, keeping the reserve. */
    private long checkMemory(StoredModel model, GgufHeader header, int contextSize, Loaded previous) {
        long kv = header.kvCacheBytes((long) contextSize * slots);
        long compute = header.computeBytes(contextSize);
        long needed = header.fileSize() + kv + compute;
        long available = memory.availableBytes() + (previous == null ? 0 : previous.estimatedBytes);
        long usable = available - config.memoryReserve().asLongValue();
        if (needed > usable) {
            throw new BackendFailure(Kind.CONTEXT_TOO_LONG, String.format(
                    "embedded: %s needs about %s (weights %s + context of %d tokens %s + compute %s) but only %s "
                            + "of memory is available after keeping %s free; use a smaller model or a smaller "
                            + "num_ctx / gateway.embedded.context-size, or free memory",
                    model.name(), bytes(needed), bytes(header.fileSize()), (long) contextSize * slots, bytes(kv),
                    bytes(compute), bytes(Math.max(0, usable)), bytes(config.memoryReserve().asLongValue())));
        }
        return needed;
    }

    private Loaded load(StoredModel model, GgufHeader header, int contextSize, long estimate) {
        LlamaLog log = LlamaLog.shared();
        // llama.cpp's threads spin while they wait for each other: one preempted by the gateway's own work (HTTP,
        // JSON) stalls them all, so by default one core is left to the rest of the process
        int threads = config.threads() > 0
                ? config.threads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ModelParameters parameters = new ModelParameters().setModel(model.blob().toString())
                .setCtxSize(contextSize * slots).setParallel(slots).setThreads(threads).setThreadsBatch(threads)
                .disableContextShift().skipWarmup();
        log.fileForFirstLoad().ifPresent(file -> parameters.setLogFile(file.toString()));
        LOG.infof("Loading embedded model %s (%s, %s, context %d tokens × %d slot(s), %d threads)", model.name(),
                header.architecture(), bytes(header.fileSize()), contextSize, slots, threads);
        long start = System.nanoTime();
        log.beforeLoad();
        LlamaModel llama;
        try {
            llama = new LlamaModel(parameters);
        } catch (RuntimeException e) {
            throw remember(model, log.loadError(500).orElse(e.getMessage()));
        } catch (LinkageError e) {
            throw remember(model, "llama.cpp's native library cannot run here (" + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + "): " + e.getMessage());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        lastLoadMillis.set(millis);
        loadsOk.incrementAndGet();
        LOG.infof("Embedded model %s loaded in %d ms", model.name(), millis);
        return new Loaded(model, header, llama, contextSize, estimate);
    }

    private void unloadIfIdle() {
        Loaded idle;
        synchronized (this) {
            if (closed || transitioning || loaded == null || loaded.leases > 0
                    || System.nanoTime() - loaded.lastUsedNanos < config.idleUnload().toNanos()) {
                return;
            }
            idle = loaded;
            loaded = null;
            transitioning = true;
        }
        try {
            unload(idle, "idle");
        } finally {
            synchronized (this) {
                transitioning = false;
                notifyAll();
            }
        }
    }

    /**
     * Releases a model's memory on a thread of its own: a native close that never returns costs that thread, never a
     * request. (The binding's task-loop thread stays registered with the JVM after a close; it is not running.)
     */
    private void unload(Loaded model, String reason) {
        long quietFor = model.lastUsedNanos + QUIET_BEFORE_CLOSE_NANOS - System.nanoTime();
        if (quietFor > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(quietFor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Thread closer = new Thread(model.llama::close, "llama-unload");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(config.unloadTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.errorf("llama.cpp did not release %s within %d s: abandoned (its memory may stay in use)",
                    model.model.name(), config.unloadTimeout().toSeconds());
        } else {
            LOG.infof("Embedded model %s unloaded (%s)", model.model.name(), reason);
        }
        if ("idle".equals(reason)) {
            unloadsIdle.incrementAndGet();
        } else if ("switch".equals(reason)) {
            unloadsSwitch.incrementAndGet();
        }
    }

    /** What {@code /v1/backends} shows about the runtime. */
    synchronized Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        if (loaded != null) {
            long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loaded.lastUsedNanos);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", loaded.model.name());
            model.put("digest", loaded.model.digest());
            model.put("architecture", loaded.header.architecture());
            model.put("size_bytes", loaded.header.fileSize());
            model.put("context_size", loaded.contextSize);
            model.put("estimated_memory_bytes", loaded.estimatedBytes);
            model.put("loaded_at", loaded.loadedAt.toString());
            model.put("generating", loaded.leases);
            model.put("unloads_in_seconds", loaded.leases > 0
                    ? null
                    : Math.max(0, (config.idleUnload().toMillis() - idleMillis) / 1000));
            synchronized (loaded.announced) {
                model.put("prompt_formats",
                        loaded.formats.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
            }
            state.put("loaded", model);
        } else {
            state.put("loaded", null);
        }
        state.put("loading", transitioning);
        state.put("memory_available_bytes", memory.availableBytes());
        List<Map<String, Object>> failed = new ArrayList<>();
        failures.forEach((blob, f) -> failed.add(Map.of("blob", blob.getFileName().toString(), "error", f.message(),
                "at", f.at().toString(), "retry_after", f.at().plus(config.loadRetryAfter()).toString())));
        state.put("load_failures", failed);
        return state;
    }

    /** Load failures still remembered, for the backend's {@code error} in {@code /v1/backends}; null when none. */
    String failureSummary() {
        List<String> messages = failures.values().stream().map(LoadFailure::message).sorted().toList();
        return messages.isEmpty() ? null : String.join("; ", messages);
    }

    synchronized long loadedBytes() {
        return loaded == null ? 0 : loaded.header.fileSize();
    }

    synchronized int generating() {
        return loaded == null ? 0 : loaded.leases;
    }

    /** Whether generations should stop at their next step because the gateway is shutting down. */
    synchronized boolean closing() {
        return closed;
    }

    /**
     * Unloads at shutdown once running generations noticed (they stop at their next piece). One that does not stop in
     * time keeps the model: freeing memory a native thread still uses would crash the process it leaves anyway.
     */
    @Override
    public void close() {
        Loaded last;
        synchronized (this) {
            closed = true;
            notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (loaded != null && loaded.leases > 0 && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            last = loaded != null && loaded.leases == 0 ? loaded : null;
            loaded = null;
        }
        idleCheck.shutdownNow();
        if (last != null) {
            unload(last, "shutdown");
        }
    }

    static String describe(ChatPrompt.Source source) {
        return switch (source) {
            case MANIFEST_TEMPLATE -> "the manifest's template";
            case MODEL_TEMPLATE -> "the model's own chat template (GGUF, via llama.cpp)";
            case PLAIN -> "plain 'Role: content' lines";
            case RAW -> "the prompt as given";
        };
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format("%.1f GiB", n / (double) (1L << 30));
        }
        return n >= 1L << 20 ? String.format("%.0f MiB", n / (double) (1L << 20)) : (n / 1024) + " KiB";
    }
}
