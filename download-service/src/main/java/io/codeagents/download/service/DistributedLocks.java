package io.codeagents.download.service;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.concurrent.DaemonThreads;
import io.codeagents.download.config.LockConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Leases in Redis ({@code SET key token NX PX lease}, renewed and released only by their holder through a compare
 * script), so that among replicas sharing a store one downloads a given blob and one runs a given pull. A lease that
 * cannot be renewed in time is marked lost and its holder stops; a holder that dies simply stops renewing, and the
 * lease expires for another replica to take over.
 */
@ApplicationScoped
public class DistributedLocks {

    private static final Logger LOG = Logger.getLogger(DistributedLocks.class);
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisDataSource redis;
    private final LockConfig config;
    private final String replicaId;
    private final String token;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("lease-renewer"));

    public DistributedLocks(RedisDataSource redis, LockConfig config) {
        this.redis = redis;
        this.config = config;
        this.replicaId = config.replicaId().orElseGet(DistributedLocks::hostName);
        this.token = replicaId + "/" + UUID.randomUUID().toString().substring(0, 8);
        long every = config.renewEvery().toMillis();
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** This replica's name, as shown in a pull's {@code owner}. */
    public String replicaId() {
        return replicaId;
    }

    /** Takes the lease on {@code key} if nobody holds it. Redis errors propagate (no lease without Redis). */
    public Optional<Lease> tryAcquire(String key) {
        Response ok = redis.execute("SET", key, token, "NX", "PX", Long.toString(config.lease().toMillis()));
        if (ok == null) {
            return Optional.empty();
        }
        Lease lease = new Lease(key, System.nanoTime());
        held.add(lease);
        return Optional.of(lease);
    }

    /** Whether any replica (this one included) holds the lease on {@code key}. */
    public boolean isHeld(String key) {
        Response exists = redis.execute("EXISTS", key);
        return exists != null && exists.toLong() > 0;
    }

    public void release(Lease lease) {
        held.remove(lease);
        try {
            redis.execute("EVAL", RELEASE, "1", lease.key(), token);
        } catch (RuntimeException e) {
            LOG.warnf("could not release %s (it expires by itself): %s", lease.key(), e.getMessage());
        }
    }

    private void renewAll() {
        for (Lease lease : held) {
            try {
                Response renewed = redis.execute("EVAL", RENEW, "1", lease.key(), token,
                        Long.toString(config.lease().toMillis()));
                if (renewed != null && renewed.toLong() == 1) {
                    lease.renewedAt = System.nanoTime();
                } else {
                    lose(lease, "another replica holds it now");
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() - lease.renewedAt > config.lease().toNanos()) {
                    lose(lease, "Redis did not answer for longer than the lease: " + e.getMessage());
                }
            }
        }
    }

    private void lose(Lease lease, String why) {
        lease.lost = true;
        held.remove(lease);
        LOG.warnf("lost the lease %s: %s", lease.key(), why);
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
        for (Lease lease : held) {
            release(lease);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "replica";
        }
    }

    /** A held lease; {@link #lost()} turns true when it could not be renewed and the work under it must stop. */
    public static final class Lease {
        private final String key;
        private volatile long renewedAt;
        private volatile boolean lost;

        Lease(String key, long renewedAt) {
            this.key = key;
            this.renewedAt = renewedAt;
        }

        public String key() {
            return key;
        }

        public boolean lost() {
            return lost;
        }
    }
}
