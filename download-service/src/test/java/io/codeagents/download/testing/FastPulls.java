package io.codeagents.download.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Pulls shaped for tests on loopback: 1 MiB parts, 4 in parallel, checkpoints every 256 KiB, a stall noticed after
 * 2 s, short back-off and leases; names without a host come from the fault registry.
 */
public class FastPulls implements QuarkusTestProfile {

    /** The registry credentials every profile configures (download.registry.username, password). */
    public static final String USERNAME = "puller";
    public static final String PASSWORD = "s3cret";

    /** The {@code Authorization} value of Basic credentials, as a registry behind htpasswd expects them. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("download.transfer.part-size", "1M");
        config.put("download.transfer.parallel-parts", "4");
        config.put("download.transfer.checkpoint", "256K");
        config.put("download.transfer.stall-timeout", "2S");
        config.put("download.transfer.backoff-initial", "20MS");
        config.put("download.transfer.backoff-max", "200MS");
        config.put("download.transfer.max-retries", "5");
        config.put("download.transfer.progress-interval", "200MS");
        config.put("download.lock.lease", "3S");
        config.put("download.lock.renew-every", "1S");
        config.put("download.lock.adopt-every", "2S");
        config.put("download.store.reserve", "1M");
        // sent only when the registry asks for them (FaultRegistry#requireToken, #requireBasic; oci-basic)
        config.put("download.registry.username", USERNAME);
        config.put("download.registry.password", PASSWORD);
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Registries.class, Map.of("pull-from", pullFrom())));
    }

    protected String pullFrom() {
        return "faults";
    }

    /** The same, pulling names without a host from the real {@code docker-registry}. */
    public static class FromOciRegistry extends FastPulls {
        @Override
        protected String pullFrom() {
            return "oci";
        }
    }

    /** Pulling from {@code docker-registry} over HTTPS, its certificate trusted through download.registry.ca-file. */
    public static class FromTlsRegistry extends FastPulls {
        @Override
        protected String pullFrom() {
            return "oci-tls";
        }
    }

    /** Pulling from {@code docker-registry} with htpasswd auth: Basic credentials, no token service. */
    public static class FromBasicAuthRegistry extends FastPulls {
        @Override
        protected String pullFrom() {
            return "oci-basic";
        }
    }

    /** The same HTTPS registry, its CA not given to the service. */
    public static class FromUntrustedTlsRegistry extends FastPulls {
        @Override
        protected String pullFrom() {
            return "oci-tls-untrusted";
        }
    }
}
