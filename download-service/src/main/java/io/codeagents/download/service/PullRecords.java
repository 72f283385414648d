package io.codeagents.download.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import io.agroal.api.AgroalDataSource;
import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.download.client.Manifest;
import io.codeagents.download.domain.BlobPart;
import io.codeagents.download.domain.Pull;
import io.codeagents.download.domain.PullEvent;
import io.codeagents.download.domain.PullLayer;
import io.codeagents.download.domain.PullState;

/**
 * Every write to the pull tables, each in its own transaction, so that what is persisted always reflects a consistent
 * moment of a pull: the state machine's transitions (checked), the event log, figures and part checkpoints.
 */
@ApplicationScoped
public class PullRecords {

    private static final String WITHOUT_WAITING_FOR_THE_WAL = "set local synchronous_commit to off";

    private final AgroalDataSource dataSource;
    private final String schema;

    public PullRecords(AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    @Transactional
    public Optional<PullView> view(String name) {
        return Pull.byName(name).map(p -> PullView.of(p, PullLayer.ofPull(p.id)));
    }

    @Transactional
    public PullView view(long id) {
        Pull pull = Pull.findById(id);
        return PullView.of(pull, PullLayer.ofPull(id));
    }

    @Transactional
    public List<PullView> all() {
        List<PullView> views = new ArrayList<>();
        for (Pull pull : Pull.all()) {
            views.add(PullView.of(pull, PullLayer.ofPull(pull.id)));
        }
        return views;
    }

    @Transactional
    public List<Pull> active() {
        return Pull.inStates(PullState.ACTIVE);
    }

    @Transactional
    public Optional<Long> idOf(String name) {
        return Pull.byName(name).map(p -> p.id);
    }

    /** The pull row for {@code name}, created in {@code idle} when there is none, locked for this transaction. */
    Pull lockOrCreate(String name, String model) {
        Optional<Pull> existing = Pull.byName(name);
        if (existing.isPresent()) {
            return Pull.getEntityManager().find(Pull.class, existing.get().id, LockModeType.PESSIMISTIC_WRITE);
        }
        Instant now = Instant.now();
        // Two replicas may create the same pull at once: the unique name lets one insert win, the other just reads it.
        int inserted = Pull.getEntityManager()
                .createNativeQuery("insert into {h-schema}pulls (name, model, state, created_at, updated_at) "
                        + "values (?1, ?2, 'IDLE', ?3, ?3) on conflict (name) do nothing")
                .setParameter(1, name).setParameter(2, model).setParameter(3, now).executeUpdate();
        Pull pull = Pull.byName(name).orElseThrow();
        Pull locked = Pull.getEntityManager().find(Pull.class, pull.id, LockModeType.PESSIMISTIC_WRITE);
        if (inserted == 1) {
            append(locked, "created", "pull of " + model + " created", null);
        }
        return locked;
    }

    /**
     * Starts a run of the pull named {@code name}: a new one, or a resume of a pull that stopped in error, was cancelled
     * or whose replica died, provided the pull is still in the state the caller saw ({@code observed}, null for none).
     * Returns the pull as it now stands and whether a run was started.
     */
    @Transactional
    public Start start(String name, String model, PullState observed, boolean freshManifest, String startMessage,
            boolean resume) {
        Pull pull = lockOrCreate(name, model);
        // optimistic: when the state changed since the caller looked, another request got there first
        if (pull.state != (observed == null ? PullState.IDLE : observed)) {
            return new Start(PullView.of(pull, PullLayer.ofPull(pull.id)), false);
        }
        if (resume) {
            pull.resumes++;
        }
        if (freshManifest) {
            pull.manifest = null;
            pull.bytesDone = 0;
            pull.bytesTotal = 0;
            pull.completedAt = null;
            PullLayer.delete("pullId", pull.id);
        }
        pull.errorCode = null;
        pull.errorMessage = null;
        move(pull, PullState.STARTING, resume ? "resumed" : "started", startMessage);
        return new Start(PullView.of(pull, PullLayer.ofPull(pull.id)), true);
    }

    @Transactional
    public Optional<String> manifestOf(long id) {
        return Optional.ofNullable(Pull.<Pull>findById(id)).map(p -> p.manifest);
    }

    /** The current state of the pull, locked for this transaction (null when there is no such pull). */
    @Transactional
    public PullState stateOf(String name) {
        return Pull.byName(name).map(p -> p.state).orElse(null);
    }

    /**
     * A transition made by the run itself. When the pull is no longer in a state that allows it (someone cancelled or
     * reset it meanwhile) the run must stop: {@link PullAborted}.
     */
    @Transactional
    public PullView advance(long id, PullState next, String message, PullProgress.Snapshot figures, String owner) {
        withoutWaitingForTheWal();
        Pull pull = Pull.getEntityManager().find(Pull.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (pull == null || !pull.state.active() || !pull.state.allows(next)) {
            throw new PullAborted("the pull is " + (pull == null ? "gone" : pull.state.wireName()));
        }
        List<PullLayer> layers = PullLayer.ofPull(id);
        if (figures != null) {
            setFigures(pull, layers, figures, owner);
        }
        if (next == PullState.COMPLETED) {
            pull.completedAt = Instant.now();
            pull.bytesDone = pull.bytesTotal;
            pull.speedBytesPerSecond = 0;
            pull.etaSeconds = null;
        }
        move(pull, next, "state", message);
        return PullView.of(pull, layers);
    }

    /** Puts an active pull in {@code error} with a catalogue code; a pull no longer active keeps its state. */
    @Transactional
    public Optional<PullView> fail(long id, ErrorCode code, String message) {
        withoutWaitingForTheWal();
        Pull pull = Pull.getEntityManager().find(Pull.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (pull == null || !pull.state.active()) {
            return Optional.empty();
        }
        pull.errorCode = code.name();
        pull.errorMessage = message;
        pull.speedBytesPerSecond = 0;
        pull.etaSeconds = null;
        pull.state = PullState.ERROR;
        pull.updatedAt = Instant.now();
        append(pull, "error", message, code.name());
        return Optional.of(PullView.of(pull, PullLayer.ofPull(id)));
    }

    /** Cancels an active pull (its partial data stays); a cancelled pull stays cancelled. */
    @Transactional
    public PullView cancel(String name) {
        Pull pull = Pull.byName(name).orElseThrow(() -> ApiException.notFound("Pull of '" + name + "'"));
        pull = Pull.getEntityManager().find(Pull.class, pull.id, LockModeType.PESSIMISTIC_WRITE);
        if (pull.state.active()) {
            pull.speedBytesPerSecond = 0;
            pull.etaSeconds = null;
            move(pull, PullState.CANCELLED, "cancelled", "cancelled; " + pull.bytesDone + " bytes kept for a resume");
        } else if (pull.state != PullState.CANCELLED) {
            throw new ApiException(ErrorCode.DL_005, "The pull of '" + pull.model + "' is " + pull.state.wireName()
                    + "; only a running pull can be cancelled");
        }
        return PullView.of(pull, PullLayer.ofPull(pull.id));
    }

    /** Marks the pull reset (stopping a run); the caller then discards the partial data. */
    @Transactional
    public PullView markReset(String name) {
        Pull pull = Pull.byName(name).orElseThrow(() -> ApiException.notFound("Pull of '" + name + "'"));
        pull = Pull.getEntityManager().find(Pull.class, pull.id, LockModeType.PESSIMISTIC_WRITE);
        if (pull.state == PullState.COMPLETED) {
            throw new ApiException(ErrorCode.DL_005, "The pull of '" + pull.model
                    + "' is completed: there is no partial data; remove the model with DELETE /models/" + pull.model);
        }
        if (pull.state != PullState.RESET) {
            move(pull, PullState.RESET, "reset", "reset requested");
        }
        return PullView.of(pull, PullLayer.ofPull(pull.id));
    }

    /** Forgets a reset pull's progress and manifest; returns the digests it used. */
    @Transactional
    public List<String> clearProgress(String name) {
        Pull pull = Pull.byName(name).orElseThrow();
        List<String> digests = PullLayer.ofPull(pull.id).stream().map(l -> l.digest).distinct().toList();
        PullLayer.delete("pullId", pull.id);
        pull.manifest = null;
        pull.bytesDone = 0;
        pull.bytesTotal = 0;
        pull.errorCode = null;
        pull.errorMessage = null;
        pull.updatedAt = Instant.now();
        append(pull, "reset", "partial data discarded", null);
        return digests;
    }

    /** Whether a pull other than {@code exceptName} that is not completed still needs this blob. */
    @Transactional
    public boolean neededElsewhere(String digest, String exceptName) {
        return PullLayer.getEntityManager().createQuery(
                "select count(l) from PullLayer l, Pull p where l.pullId = p.id and l.digest = ?1 and p.state <> ?2 "
                        + "and p.name <> ?3",
                Long.class).setParameter(1, digest).setParameter(2, PullState.COMPLETED).setParameter(3, exceptName)
                .getSingleResult() > 0;
    }

    @Transactional
    public boolean neededByUnfinishedPull(String digest) {
        return PullLayer.neededByUnfinishedPull(digest);
    }

    /** Remembers the manifest a run works from and the blobs it needs. */
    @Transactional
    public void storeManifest(long id, Manifest manifest, List<String> layerStates) {
        withoutWaitingForTheWal();
        Pull pull = Pull.findById(id);
        pull.manifest = manifest.raw();
        pull.bytesTotal = manifest.totalSize();
        PullLayer.delete("pullId", id);
        List<Manifest.Blob> blobs = manifest.blobs();
        for (int i = 0; i < blobs.size(); i++) {
            PullLayer layer = new PullLayer();
            layer.pullId = id;
            layer.position = i;
            layer.digest = blobs.get(i).digest();
            layer.mediaType = blobs.get(i).mediaType();
            layer.size = blobs.get(i).size();
            layer.state = layerStates.get(i);
            layer.persist();
        }
    }

    /**
     * Saves a running pull's figures and returns the pull as it now reads, in one transaction; empty when the pull is no
     * longer active (cancelled, reset, failed). The row is locked, as for a transition, so a cancel is never overwritten.
     */
    @Transactional
    public Optional<PullView> saveProgress(long id, PullProgress.Snapshot figures, String owner) {
        withoutWaitingForTheWal();
        Pull pull = Pull.getEntityManager().find(Pull.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (pull == null || !pull.state.active()) {
            return Optional.empty();
        }
        List<PullLayer> layers = PullLayer.ofPull(id);
        setFigures(pull, layers, figures, owner);
        return Optional.of(PullView.of(pull, layers));
    }

    /**
     * Lets the current transaction commit without waiting for PostgreSQL to flush its WAL to disk. For the writes a run
     * makes about itself (transitions, figures, events, parts): while the pull fills the disk's write-back queue such a
     * flush waited behind it, tens to hundreds of ms per commit, so the state machine stalled the very pull it records.
     * What a PostgreSQL crash can lose is the last fraction of a second of them, which the run writes again: progress
     * never goes beyond the bytes on disk, and a pull found active with no run is adopted and resumed. The requests'
     * own writes (start, cancel, reset) keep the default.
     */
    private static void withoutWaitingForTheWal() {
        Pull.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(WITHOUT_WAITING_FOR_THE_WAL);
            }
        });
    }

    /** A running pull's figures onto its (locked) row and its layers; written when the transaction commits. */
    private static void setFigures(Pull pull, List<PullLayer> layers, PullProgress.Snapshot figures, String owner) {
        Instant now = Instant.now();
        pull.bytesDone = figures.bytesDone();
        pull.speedBytesPerSecond = figures.speed();
        pull.etaSeconds = figures.etaSeconds();
        pull.lastProgressAt = now;
        pull.updatedAt = now;
        pull.owner = owner;
        for (PullLayer layer : layers) {
            if (layer.position < figures.layerDone().length) {
                layer.bytesDone = figures.layerDone()[layer.position];
                layer.state = figures.layerStates()[layer.position];
            }
        }
    }

    @Transactional
    public void event(long id, String type, String message, ErrorCode code) {
        withoutWaitingForTheWal();
        Pull pull = Pull.findById(id);
        if (pull != null) {
            append(pull, type, message, code == null ? null : code.name());
        }
    }

    @Transactional
    public void countRetry(long id, String message) {
        Pull.update("retries = retries + 1 where id = ?1", id);
        event(id, "retry", message, null);
    }

    @Transactional
    public void countVerificationFailure(long id, String message) {
        Pull.update("verificationFailures = verificationFailures + 1 where id = ?1", id);
        event(id, "verification_failed", message, ErrorCode.DL_002);
    }

    @Transactional
    public List<LogEntry> log(String name, int limit) {
        Pull pull = Pull.byName(name).orElseThrow(() -> ApiException.notFound("Pull of '" + name + "'"));
        return PullEvent.ofPull(pull.id, limit).stream().map(LogEntry::of).toList();
    }

    /** The parts of a blob's partial file, created on first use; progress beyond what the file holds is dropped. */
    @Transactional
    public List<BlobPart> parts(String digest, long size, long partSize, long fileSize) {
        withoutWaitingForTheWal();
        List<BlobPart> parts = BlobPart.ofBlob(digest);
        if (parts.isEmpty()) {
            return createParts(digest, size, partSize);
        }
        for (BlobPart part : parts) {
            long onDisk = Math.max(0, Math.min(part.length, fileSize - part.startOffset));
            if (part.done > onDisk) {
                part.done = onDisk;
            }
        }
        return parts;
    }

    /**
     * The rows of a new blob's parts, in one statement within the caller's transaction: 32 per GiB, which persisted
     * one by one through Hibernate (an identity key each) cost 11–22 ms before the blob's first byte was asked for.
     */
    private List<BlobPart> createParts(String digest, long size, long partSize) {
        int count = (int) Math.max(1, (size + partSize - 1) / partSize);
        Instant now = Instant.now();
        List<BlobPart> parts = new ArrayList<>(count);
        Long[] starts = new Long[count];
        Long[] lengths = new Long[count];
        for (int i = 0; i < count; i++) {
            BlobPart part = new BlobPart();
            part.digest = digest;
            part.idx = i;
            part.startOffset = i * partSize;
            part.length = Math.min(partSize, size - part.startOffset);
            part.updatedAt = now;
            parts.add(part);
            starts[i] = part.startOffset;
            lengths[i] = part.length;
        }
        // the connection is the transaction's (Agroal enlists it), so the rows commit or roll back with it
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into " + schema + ".blob_parts "
                        + "(digest, idx, start_offset, length, done, updated_at) select ?, p.ordinality - 1, p.start, "
                        + "p.length, 0, ? from unnest(?::bigint[], ?::bigint[]) with ordinality as p(start, length) "
                        + "returning id, idx")) {
            insert.setString(1, digest);
            insert.setObject(2, now.atOffset(ZoneOffset.UTC));
            insert.setArray(3, connection.createArrayOf("bigint", starts));
            insert.setArray(4, connection.createArrayOf("bigint", lengths));
            try (ResultSet ids = insert.executeQuery()) {
                while (ids.next()) {
                    parts.get(ids.getInt(2)).id = ids.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the parts of " + digest + ": " + e.getMessage(), e);
        }
        return parts;
    }

    /**
     * Saves a part's progress: 128 times per GiB, from the part workers, so in plain JDBC (a transaction through
     * Hibernate cost 6–14 ms each during a 1 GiB pull) and with {@code synchronous_commit} off, which lets the worker go
     * on without waiting for PostgreSQL's WAL flush behind the page cache the pull is filling. Safe: a PostgreSQL crash
     * can only lose the last checkpoints, which makes the persisted progress smaller than the bytes on disk (refetched,
     * never trusted beyond them); a crash of this service loses nothing already committed.
     */
    public void checkpoint(long partId, long done) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement relaxed = connection.createStatement();
                    PreparedStatement update = connection.prepareStatement(
                            "update " + schema + ".blob_parts set done = ?, updated_at = now() where id = ?")) {
                relaxed.execute(WITHOUT_WAITING_FOR_THE_WAL);
                update.setLong(1, done);
                update.setLong(2, partId);
                update.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the progress of part " + partId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets a blob's parts (verified, discarded or reset): one statement, in the caller's transaction if there is one
     * (through Hibernate in a transaction of its own it cost 3–8 ms, once per blob of every pull).
     */
    public void dropParts(String digest) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection
                        .prepareStatement("delete from " + schema + ".blob_parts where digest = ?")) {
            delete.setString(1, digest);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot forget the parts of " + digest + ": " + e.getMessage(), e);
        }
    }

    @Transactional
    public List<String> digestsWithParts() {
        return BlobPart.digestsWithParts();
    }

    /** Digest → bytes persisted as done, for the store's report. */
    @Transactional
    public long persistedBytes(String digest) {
        return BlobPart.ofBlob(digest).stream().mapToLong(p -> p.done).sum();
    }

    private void move(Pull pull, PullState next, String type, String message) {
        if (!pull.state.allows(next)) {
            throw new IllegalStateException("pull " + pull.name + ": " + pull.state + " -> " + next + " is not a transition");
        }
        pull.state = next;
        pull.updatedAt = Instant.now();
        append(pull, type, message, null);
    }

    private static void append(Pull pull, String type, String message, String errorCode) {
        PullEvent event = new PullEvent();
        event.pullId = pull.id;
        event.type = type;
        event.state = pull.state.wireName();
        event.errorCode = errorCode;
        event.message = message;
        event.createdAt = Instant.now();
        event.persist();
    }

    /** The outcome of {@link #start}. */
    public record Start(PullView pull, boolean started) {
    }
}
