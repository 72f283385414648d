package io.codeagents.download.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.config.RegistryConfig;
import io.codeagents.download.domain.PullState;
import io.codeagents.download.store.ModelStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** What the API does with pulls: start or resume (idempotently), look, follow, cancel, reset. */
@ApplicationScoped
public class PullService {

    private static final Logger LOG = Logger.getLogger(PullService.class);
    private static final Duration RESET_WAIT = Duration.ofSeconds(30);

    private final PullRecords records;
    private final PullRunner runner;
    private final ModelStore store;
    private final PullEventBus bus;
    private final DownloadMetrics metrics;
    private final ModelName.Defaults defaults;

    public PullService(PullRecords records, PullRunner runner, ModelStore store, PullEventBus bus, DownloadMetrics metrics,
            RegistryConfig registry) {
        this.records = records;
        this.runner = runner;
        this.store = store;
        this.bus = bus;
        this.metrics = metrics;
        this.defaults = new ModelName.Defaults(registry.defaultHost(), registry.defaultNamespace(), registry.defaultTag());
    }

    public ModelName parse(String raw, String field) {
        return ModelName.parse(raw, field, defaults);
    }

    /**
     * Starts the pull of a model, or returns the pull already running. A pull that stopped (error, cancel, a replica
     * that died) resumes from its persisted progress; a completed one whose model is still in the store is left alone.
     */
    public PullOutcome pull(String rawName) {
        ModelName name = parse(rawName, "model");
        String fullName = name.fullName();
        PullState state = records.stateOf(fullName);
        if (state == PullState.COMPLETED && store.hasManifest(name)) {
            return new PullOutcome(records.view(fullName).orElseThrow(), false);
        }
        if (state != null && state.active() && runner.runningAnywhere(fullName)) {
            return new PullOutcome(records.view(fullName).orElseThrow(), true);
        }
        Optional<DistributedLocks.Lease> claim = runner.claim(name);
        if (claim.isEmpty()) {
            // another request or replica got there first: it runs the pull
            return new PullOutcome(records.view(fullName).orElseThrow(), true);
        }
        boolean resume = state == PullState.ERROR || state == PullState.CANCELLED || state != null && state.active();
        boolean fresh = state == null || state == PullState.COMPLETED || state == PullState.RESET
                || state == PullState.IDLE;
        String message = fresh ? "pull requested" : "resumed from persisted progress (was " + state.wireName() + ")";
        PullRecords.Start start;
        try {
            start = records.start(fullName, name.shortName(defaults), state, fresh, message, resume);
        } catch (RuntimeException e) {
            runner.release(claim.get());
            throw e;
        }
        if (!start.started()) {
            runner.release(claim.get());
            return new PullOutcome(start.pull(), start.pull().state().active());
        }
        if (resume) {
            metrics.resumed();
        }
        bus.publish(new ProgressEvent("state", message, start.pull()));
        runner.run(records.idOf(fullName).orElseThrow(), name, claim.get());
        return new PullOutcome(records.view(fullName).orElseThrow(), true);
    }

    public List<PullView> list() {
        return records.all();
    }

    public PullView get(String rawName) {
        ModelName name = parse(rawName, "model");
        return records.view(name.fullName())
                .orElseThrow(() -> ApiException.notFound("Pull of '" + name.shortName(defaults) + "'"));
    }

    public List<LogEntry> log(String rawName, int limit) {
        return records.log(parse(rawName, "model").fullName(), limit);
    }

    /** The pull's progress as it happens: a snapshot first, then every event, ending after a final state. */
    public Multi<ProgressEvent> follow(String rawName) {
        PullView now = get(rawName);
        String fullName = now.name();
        return Multi.createFrom().<ProgressEvent>emitter(emitter -> {
            // events that arrive before the snapshot is out wait for it, so the snapshot is always first
            List<ProgressEvent> early = new ArrayList<>();
            boolean[] snapshotSent = {false};
            Consumer<ProgressEvent> forward = event -> {
                emitter.emit(event);
                if (event.terminal()) {
                    emitter.complete();
                }
            };
            var subscription = bus.events(fullName).subscribe().with(event -> {
                synchronized (early) {
                    if (!snapshotSent[0]) {
                        early.add(event);
                        return;
                    }
                    forward.accept(event);
                }
            }, emitter::fail);
            emitter.onTermination(subscription::cancel);
            // the snapshot is read after subscribing, so no event between the two is missed
            PullView current = records.view(fullName).orElse(now);
            synchronized (early) {
                forward.accept(new ProgressEvent("snapshot", null, current));
                early.forEach(forward);
                snapshotSent[0] = true;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Stops a running pull; its partial data stays for a later resume. */
    public PullView cancel(String rawName) {
        ModelName name = parse(rawName, "model");
        PullView view = records.cancel(name.fullName());
        runner.stopLocal(name.fullName(), "cancelled");
        bus.publish(new ProgressEvent("state", "cancelled", view));
        return view;
    }

    /** Stops the pull if it runs and discards its partial data (blobs another unfinished pull needs are kept). */
    public PullView reset(String rawName) {
        ModelName name = parse(rawName, "model");
        String fullName = name.fullName();
        records.markReset(fullName);
        runner.stopLocal(fullName, "reset");
        long deadline = System.nanoTime() + RESET_WAIT.toNanos();
        while (runner.runningAnywhere(fullName)) {
            if (System.nanoTime() > deadline) {
                throw new ApiException(ErrorCode.DL_005, "The pull of '" + name.shortName(defaults)
                        + "' is still being stopped by another replica; try the reset again");
            }
            sleep(200);
        }
        for (String digest : records.clearProgress(fullName)) {
            if (!records.neededElsewhere(digest, fullName)) {
                store.deletePartial(digest);
                records.dropParts(digest);
                LOG.infof("reset of %s: discarded the partial data of %s", fullName, digest);
            }
        }
        PullView view = records.view(fullName).orElseThrow();
        bus.publish(new ProgressEvent("state", "reset: partial data discarded", view));
        return view;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SYS_002, "interrupted");
        }
    }

    /** A pull and whether work is under way for it (202) rather than already done (200). */
    public record PullOutcome(PullView pull, boolean accepted) {
    }
}
