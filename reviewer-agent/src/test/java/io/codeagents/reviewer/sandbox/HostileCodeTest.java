package io.codeagents.reviewer.sandbox;

import static io.codeagents.reviewer.testing.Reviews.review;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Code that attacks the host or the service, one case each: every run must end with tests {@code timeout} or
 * {@code error} and a reason saying what stopped it, and the service must be healthy and reviewing afterwards. The
 * test profile sets short limits (2 CPU seconds, 6 s wall clock, 256 MiB, 32 processes, 4 MiB files).
 */
@QuarkusTest
class HostileCodeTest {

    @Inject
    SandboxPool pool;

    private static final String CALLS = """
            from solution import attack


            def test_attack():
                assert attack() is not None
            """;

    private static JsonPath reviewOf(String code) {
        return review(code, CALLS).statusCode(200).extract().jsonPath();
    }

    private static void assertStopped(JsonPath review, String reasonPart) {
        assertTrue(List.of("timeout", "error").contains(review.getString("tests.status")),
                "tests status " + review.getString("tests.status") + ": " + review.getString("tests.reason"));
        assertTrue(review.getString("tests.reason").contains(reasonPart),
                "reason '" + review.getString("tests.reason") + "' should say '" + reasonPart + "'");
        assertFalse("approved".equals(review.getString("verdict")));
    }

    @AfterEach
    void serviceStaysHealthyAndNothingOfTheRunSurvives() {
        given().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        review("def one() -> int:\n    \"\"\"One.\"\"\"\n    return 1\n",
                "from solution import one\n\n\ndef test_one():\n    assert one() == 1\n").statusCode(200)
                .body("verdict", equalTo("approved"));
        // what runs as a sandbox user afterwards may only be a sandbox started ahead, waiting for its job
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Set<Long> waiting = pool.waitingProcesses();
            return sandboxUserProcesses().stream().allMatch(pid -> waiting.contains(Long.parseLong(pid)));
        });
    }

    @Test
    void forkBomb() {
        JsonPath review = reviewOf("""
                import os


                def attack():
                    while True:
                        try:
                            os.fork()
                        except OSError:
                            pass
                """);
        assertStopped(review, "limit");
        assertTrue(review.getString("findings.rule").contains("S-FORK"));
    }

    @Test
    void infiniteLoop() {
        JsonPath review = reviewOf("""
                def attack():
                    n = 0
                    while True:
                        n += 1
                """);
        assertEquals("timeout", review.getString("tests.status"));
        assertStopped(review, "limit");
    }

    @Test
    void allocatingTenGigabytes() {
        assertStopped(reviewOf("""
                def attack():
                    return bytearray(10 * 1024 ** 3)
                """), "memory limit of 256 MiB reached");
    }

    @Test
    void oneGigabyteToStdout() {
        JsonPath review = reviewOf("""
                import os
                import sys


                def attack():
                    chunk = "x" * (1 << 20)
                    for _ in range(1024):
                        sys.stdout.write(chunk)
                        os.write(1, chunk.encode())
                    return True
                """);
        assertStopped(review, "limit");
        assertTrue(review.getString("tests.output").length() < 64 * 1024, "output kept is capped");
    }

    @Test
    void socketToLocalhost() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(100);
            CompletableFuture<Boolean> connected = CompletableFuture.supplyAsync(() -> acceptedWithin(listener, 6000));
            JsonPath review = reviewOf("""
                    import socket


                    def attack():
                        connection = socket.create_connection(("127.0.0.1", %d), timeout=2)
                        connection.sendall(b"leaked")
                        return connection
                    """.formatted(listener.getLocalPort()));
            assertStopped(review, "network access denied");
            assertFalse(connected.get(10, TimeUnit.SECONDS), "the sandbox reached a socket of the host");
        }
    }

    @Test
    void writingOutsideTheWorkdir() {
        Path escape = Path.of(System.getProperty("java.io.tmpdir"), "reviewer-escape-" + UUID.randomUUID());
        JsonPath review = reviewOf("""
                def attack():
                    with open("%s", "w") as f:
                        f.write("escaped")
                    with open("/etc/reviewer-escape", "w") as f:
                        f.write("escaped")
                    return True
                """.formatted(escape));
        assertStopped(review, "denied");
        assertFalse(Files.exists(escape), "a file appeared on the host at " + escape);
        assertFalse(Files.exists(Path.of("/etc/reviewer-escape")));
    }

    @Test
    void readingTheServicesEnvironment() {
        String canary = System.getenv("REVIEWER_TEST_CANARY");
        assertTrue(canary != null && !canary.isBlank(), "surefire sets REVIEWER_TEST_CANARY in the service's environment");
        String body = review("""
                import glob
                import os


                def _steal():
                    for path in ["/proc/self/environ", "/proc/1/environ", *glob.glob("/proc/*/environ")]:
                        try:
                            with open(path, "rb") as f:
                                data = f.read()
                        except OSError:
                            continue
                        if b"REVIEWER_TEST_CANARY=" in data:
                            return data.decode(errors="replace")
                    return os.environ["REVIEWER_TEST_CANARY"]


                STOLEN = _steal()
                print(STOLEN)


                def attack():
                    return STOLEN
                """, CALLS).statusCode(200).extract().asString();
        JsonPath review = JsonPath.from(body);
        assertStopped(review, "could not be collected: KeyError: 'REVIEWER_TEST_CANARY'");
        assertFalse(body.contains(canary), "the service's environment leaked into the review");
    }

    @Test
    void closingStdout() {
        JsonPath review = reviewOf("""
                import os
                import time


                def attack():
                    os.close(1)
                    os.close(2)
                    time.sleep(60)
                    return True
                """);
        assertEquals("timeout", review.getString("tests.status"));
        assertStopped(review, "wall-clock limit of 6.0 s exceeded");
    }

    @Test
    void waitingOnStdin() {
        JsonPath review = reviewOf("""
                import sys


                def attack():
                    return sys.stdin.readline() or input("more? ")
                """);
        assertStopped(review, "standard input is not available in the sandbox");
        assertTrue(review.getLong("tests.duration_ms") < 6000, "the run waited on stdin until the wall-clock limit");
    }

    @Test
    void aSyntaxBombIsAnalysedWithoutHarm() {
        review("X = " + "(".repeat(40_000) + ")".repeat(40_000) + "\n", CALLS).statusCode(200)
                .body("verdict", equalTo("rejected"))
                .body("findings[0].rule", equalTo("E999"))
                .body("tests.status", not(oneOf("passed", "failed")))
                .body("summary", containsString("E999"));
    }

    private static boolean acceptedWithin(ServerSocket listener, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = listener.accept()) {
                return true;
            } catch (SocketTimeoutException e) {
                // keep listening until the deadline
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Processes of the per-slot sandbox users (uid 60000…), which must all be gone once a run ends. */
    static List<String> sandboxUserProcesses() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(HostileCodeTest::ownedBySandboxUser)
                    .map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean ownedBySandboxUser(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    int uid = Integer.parseInt(line.split("\\s+")[1]);
                    return uid >= 60000 && uid < 60100;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended while we looked
        }
        return false;
    }
}
