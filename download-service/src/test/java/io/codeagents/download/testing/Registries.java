package io.codeagents.download.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the registries a test profile pulls from — the real {@code docker-registry} and the fault-injecting one — and
 * gives the service a fresh models directory. Init argument {@code pull-from} ({@code oci}; {@code oci-tls}: the same
 * over HTTPS under its own CA; {@code oci-tls-untrusted}: that CA not given to the service; {@code oci-basic}: the plain one wanting Basic
 * credentials; or {@code faults}) says
 * which one names without a registry host come from. Tests reach them through the static accessors.
 */
public class Registries implements QuarkusTestResourceLifecycleManager {

    private static OciRegistry oci;
    private static FaultRegistry faults;
    private static Path modelsDir;
    private String pullFrom = "faults";

    @Override
    public void init(Map<String, String> initArgs) {
        pullFrom = initArgs.getOrDefault("pull-from", pullFrom);
    }

    public static OciRegistry oci() {
        return oci;
    }

    public static FaultRegistry faults() {
        return faults;
    }

    public static Path modelsDir() {
        return modelsDir;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path base = Files.createDirectories(Path.of("target", "test-stores")).toAbsolutePath();
            Path run = Files.createTempDirectory(base, "run-");
            modelsDir = Files.createDirectories(run.resolve("models"));
            // oci-basic: the credentials FastPulls configures are the ones its htpasswd holds
            oci = pullFrom.equals("oci-basic")
                    ? new OciRegistry(run.resolve("oci"), false, FastPulls.USERNAME, FastPulls.PASSWORD)
                    : new OciRegistry(run.resolve("oci"), pullFrom.startsWith("oci-tls"), null, null);
            faults = new FaultRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("download.store.models-dir", modelsDir.toString());
        // names without a host are pulled from the registry the profile names
        config.put("download.registry.url", pullFrom.startsWith("oci") ? oci.url() : faults.url());
        if (oci.certificate() != null && !pullFrom.endsWith("-untrusted")) {
            // the registry's own CA, trusted as a user of a private registry trusts it
            config.put("download.registry.ca-file", oci.certificate().toString());
        }
        return config;
    }

    @Override
    public void stop() {
        if (oci != null) {
            oci.close();
        }
        if (faults != null) {
            faults.close();
        }
    }
}
