package io.codeagents.doctor.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * The four services the doctor watches, faked over HTTP on dynamic ports, and a model store in a temporary directory;
 * the doctor under test is pointed at them. Tests reset them before each test. Declared here once, it applies to every
 * {@code @QuarkusTest} of the module (profiles included), so the doctor never reaches for the fixed ports.
 */
@QuarkusTestResource(FakeDeployment.class)
public class FakeDeployment implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static FakeModelGateway gateway;
    private static FakeDownloadService downloads;
    private static FakeService reviewer;
    private static FakeService generator;
    private static Path modelsDir;

    public static FakeModelGateway gateway() {
        return gateway;
    }

    public static FakeDownloadService downloads() {
        return downloads;
    }

    public static FakeService reviewer() {
        return reviewer;
    }

    public static FakeService generator() {
        return generator;
    }

    public static List<FakeService> all() {
        return List.of(gateway, generator, reviewer, downloads);
    }

    public static Path modelsDir() {
        return modelsDir;
    }

    /** Everything healthy again, nothing received. */
    public static void resetAll() {
        all().forEach(FakeService::reset);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            gateway = new FakeModelGateway(vertx);
            downloads = new FakeDownloadService(vertx);
            reviewer = new FakeService("reviewer-agent", vertx);
            generator = new FakeService("generator-agent", vertx);
            all().forEach(FakeService::reset);
            all().forEach(FakeService::start);
            try {
                modelsDir = Files.createTempDirectory("doctor-models");
                Files.createDirectories(modelsDir.resolve("blobs"));
                Files.createDirectories(modelsDir.resolve("manifests"));
                Files.writeString(modelsDir.resolve("blobs").resolve("sha256-" + "0".repeat(64)), "weights");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of(
                "doctor.services.model-gateway", gateway.url(),
                "doctor.services.download-service", downloads.url(),
                "doctor.services.reviewer-agent", reviewer.url(),
                "doctor.services.generator-agent", generator.url(),
                "doctor.system.models-dir", modelsDir.toString());
    }

    @Override
    public void stop() {
        // The fakes are shared by every application start of this test run; the JVM's end stops them.
    }
}
