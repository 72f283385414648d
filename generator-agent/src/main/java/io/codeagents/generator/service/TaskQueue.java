package io.codeagents.generator.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.generator.config.TaskQueueConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XPendingSummary;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;

/**
 * The Redis Stream that hands tasks to replicas: {@code XADD} on submission, {@code XREADGROUP} in the consumer group
 * so each entry goes to one replica, {@code XACK} when the task is final, and {@code XAUTOCLAIM} of entries whose worker
 * stopped touching them. A worker keeps its entries fresh while it works, so only a dead worker's tasks are taken over.
 */
@ApplicationScoped
public class TaskQueue {

    static final String TASK_ID = "task_id";
    static final String REQUEST_ID = "request_id";
    private static final Logger LOG = Logger.getLogger(TaskQueue.class);

    /**
     * Resets the idle time of an entry only while this consumer still owns it (atomically: a replica that took the entry
     * over must not have it taken back by a worker that was merely slow).
     */
    private static final String KEEP_ALIVE = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if p[1] ~= nil and p[1][2] == ARGV[3] then
              redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
              return 1
            end
            return 0""";

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final TaskQueueConfig config;
    private final String consumer;

    /** A task handed to this replica: the stream entry to acknowledge and the task it names. */
    public record Delivery(String entryId, UUID taskId, String requestId) {
    }

    public TaskQueue(RedisDataSource redis, TaskQueueConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.config = config;
        this.consumer = config.consumer().filter(c -> !c.isBlank())
                .orElseGet(() -> "generator-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
    }

    public String consumer() {
        return consumer;
    }

    public String enqueue(UUID taskId, String requestId) {
        return streams.xadd(config.stream(), Map.of(TASK_ID, taskId.toString(), REQUEST_ID,
                requestId == null ? "" : requestId));
    }

    /** New entries for this replica, waiting up to the configured block time. */
    public List<Delivery> readNew(int count) {
        try {
            return deliveries(streams.xreadgroup(config.group(), consumer, config.stream(), ">",
                    new XReadGroupArgs().count(count).block(config.readBlock())));
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                ensureGroup();
                return List.of();
            }
            throw e;
        }
    }

    /** Entries whose worker has not touched them for the claim timeout, now owned by this replica. */
    public List<Delivery> claimAbandoned(int count) {
        try {
            return deliveries(streams.xautoclaim(config.stream(), config.group(), consumer, config.claimIdleTimeout(),
                    "0-0", count).getMessages());
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
                ensureGroup();
                return List.of();
            }
            throw e;
        }
    }

    /** Marks the entry done and removes it, so the stream holds only work not finished yet. */
    public void ack(String entryId) {
        streams.xack(config.stream(), config.group(), entryId);
        streams.xdel(config.stream(), entryId);
    }

    /** @return false when this replica no longer owns the entry (another one took the task over) */
    public boolean keepAlive(String entryId) {
        Response owned = redis.execute("EVAL", KEEP_ALIVE, "1", config.stream(), config.group(), entryId, consumer);
        return owned != null && owned.toInteger() == 1;
    }

    /**
     * Removes this replica's consumer from the group when it holds no pending entry (a graceful stop after its tasks
     * finished), so that restarts do not pile up dead consumers; one holding entries stays for them to be claimed.
     */
    public void leaveGroupIfIdle() {
        try {
            boolean holdsWork = !streams.xpending(config.stream(), config.group(), StreamRange.of("-", "+"), 1,
                    new XPendingArgs().consumer(consumer)).isEmpty();
            if (!holdsWork) {
                streams.xgroupDelConsumer(config.stream(), config.group(), consumer);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Consumer %s not removed from group %s: %s", consumer, config.group(), e.toString());
        }
    }

    public void ensureGroup() {
        try {
            streams.xgroupCreate(config.stream(), config.group(), "0", new XGroupCreateArgs().mkstream());
            LOG.infof("Created consumer group %s on stream %s", config.group(), config.stream());
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Entries not yet finished: waiting to be read, and read but not acknowledged. */
    public Optional<Backlog> backlog() {
        try {
            long length = streams.xlen(config.stream());
            XPendingSummary pending = streams.xpending(config.stream(), config.group());
            return Optional.of(new Backlog(length, pending.getPendingCount()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public record Backlog(long entries, long pending) {
    }

    private List<Delivery> deliveries(List<StreamMessage<String, String, String>> messages) {
        return messages.stream().map(m -> new Delivery(m.id(), taskId(m), m.payload() == null
                ? ""
                : m.payload().getOrDefault(REQUEST_ID, ""))).toList();
    }

    /** Null for an entry that names no task (written by something else): the worker acknowledges and drops it. */
    private static UUID taskId(StreamMessage<String, String, String> message) {
        try {
            return message.payload() == null ? null : UUID.fromString(message.payload().get(TASK_ID));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
