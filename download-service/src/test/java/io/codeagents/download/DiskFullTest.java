package io.codeagents.download;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.codeagents.download.testing.FastPulls;
import io.codeagents.download.testing.FaultRegistry.Faults;
import io.codeagents.download.testing.Pulls;
import io.codeagents.download.testing.Registries;
import io.codeagents.download.testing.TestModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * "Disk full" without filling the disk: the reserve a pull must leave free is set 1 GiB below what is free now, so a
 * model announcing more than 1 GiB cannot start, and a ballast file allocated mid-pull, sized from the free space at
 * that moment, takes the volume 256 MiB below the reserve.
 */
@QuarkusTest
@TestProfile(DiskFullTest.TightReserve.class)
class DiskFullTest {

    private static final long GIB = 1024L * 1024 * 1024;

    public static class TightReserve extends FastPulls {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            try {
                Path target = Files.createDirectories(Path.of("target"));
                long usable = Files.getFileStore(target).getUsableSpace();
                config.put("download.store.reserve", Long.toString(usable - GIB));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return config;
        }
    }

    @Test
    void modelLargerThanTheRoomLeftIsRefusedBeforeAnyByte() {
        String big = "sha256:" + "c".repeat(64);
        Registries.faults().addManifest("library/huge", "70b", "{\"schemaVersion\":2,\"mediaType\":\""
                + TestModel.MANIFEST_TYPE + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
                + "\"digest\":\"sha256:" + "d".repeat(64) + "\",\"size\":10},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.ollama.image.model\",\"digest\":\"" + big + "\",\"size\":" + 2 * GIB + "}]}");
        Pulls.start("huge:70b", 202);
        JsonPath failed = Pulls.await("huge:70b", "error", Duration.ofSeconds(30));
        assertEquals("DL_003", failed.getString("error.code"));
        assertTrue(failed.getString("error.message").contains("needs"), failed.getString("error.message"));
        assertFalse(Files.exists(Pulls.partial(big)), "no byte was fetched");
        assertEquals(0, Registries.faults().bytesServed(big));
    }

    @Test
    void volumeFillingUpMidPullStopsItAndPromotesNothing() throws Exception {
        // 16 MiB at 64 KiB/s per connection (4 parts at once): about a minute, far longer than it takes to notice the
        // full disk, so a loaded machine cannot let the pull finish first
        TestModel model = TestModel.of("slow-fill", 16 * 1024 * 1024);
        Registries.faults().add(model, Faults.none().withRate(64 * 1024));
        Pulls.start(model.reference(), 202);
        Pulls.awaitUntil(model.reference(), p -> p.getLong("bytes_done") > 512 * 1024, Duration.ofSeconds(120));

        // sized now, not when the profile was made: other builds on the machine write and delete files all along
        Path ballast = Registries.modelsDir().resolveSibling("ballast");
        long reserve = ConfigProvider.getConfig().getValue("download.store.reserve", Long.class);
        long usable = Files.getFileStore(Registries.modelsDir()).getUsableSpace();
        long size = Math.max(0, usable - reserve) + 256L * 1024 * 1024;
        Process fallocate = new ProcessBuilder("fallocate", "-l", Long.toString(size), ballast.toString()).inheritIO()
                .start();
        assertEquals(0, fallocate.waitFor());
        try {
            JsonPath failed = Pulls.await(model.reference(), "error", Duration.ofSeconds(60));
            assertEquals("DL_003", failed.getString("error.code"));
            assertTrue(failed.getLong("bytes_done") < model.weights().length, "stopped mid-pull");
            assertFalse(Files.exists(Pulls.blob(model.modelDigest())), "a partial blob was promoted");
            assertFalse(Files.exists(Pulls.manifest(model)));
            assertTrue(Files.size(Pulls.partial(model.modelDigest())) > 0, "partial data kept for a resume");
        } finally {
            Files.deleteIfExists(ballast);
        }
        // room again: the same request resumes where it stopped
        JsonPath resumed = Pulls.start(model.reference(), 202);
        assertEquals(1, resumed.getInt("resumes"));
        // the rest of the minute-long pull is of no use to any other test
        given().delete("/pulls/" + model.reference()).then().statusCode(200);
    }
}
