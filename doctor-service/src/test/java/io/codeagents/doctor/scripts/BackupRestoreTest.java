package io.codeagents.doctor.scripts;

import static io.codeagents.doctor.Reports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.codeagents.common.testing.Infrastructure;
import io.codeagents.doctor.fakes.FakeDeployment;
import io.quarkus.test.junit.QuarkusTest;

/**
 * backup.sh and restore.sh round trip on what this module owns: the doctor's schema (real reports, written by the
 * running service) and a model store's manifests, restored onto an empty database created for the test. The other
 * services' data takes the same path; the whole-stack round trip is e2e's.
 */
@QuarkusTest
class BackupRestoreTest {

    @TempDir
    Path temp;

    private String emptyDatabase;
    private Path models;

    @BeforeEach
    void sourceData() throws Exception {
        FakeDeployment.resetAll();
        report();
        FakeDeployment.reviewer().stop();
        report();
        FakeDeployment.resetAll();
        models = Files.createDirectories(temp.resolve("models"));
        Path manifest = Files.createDirectories(models.resolve("manifests/registry.ollama.ai/library/qwen2.5-coder"))
                .resolve("1.5b");
        Files.writeString(manifest, "{\"schemaVersion\":2,\"layers\":[]}");
        Files.writeString(Files.createDirectories(models.resolve("blobs")).resolve("sha256-" + "a".repeat(64)),
                "weights");
        emptyDatabase = "doctor_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(Infrastructure.jdbcUrl(), "create database " + emptyDatabase);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        execute(Infrastructure.jdbcUrl(), "drop database if exists " + emptyDatabase + " with (force)");
    }

    @Test
    void aBackupRestoresOntoAnEmptyDatabaseAndRefusesToOverwrite() throws Exception {
        ScriptRun backup = ScriptRun.run("backup.sh", Map.of("MODELS_DIR", models.toString()), "--out",
                temp.resolve("backups").toString(), "--services", "doctor-service,models");
        assertEquals(0, backup.exitCode(), backup.toString());
        Path backupDir = Path.of(backup.stdout().trim());
        assertTrue(Files.isRegularFile(backupDir.resolve("models/manifests.tar.gz")));
        assertFalse(Files.exists(backupDir.resolve("models/blobs.tar")), "weights only when asked for");

        Path restoredModels = temp.resolve("restored-models");
        Map<String, String> target = Map.of("DOCTOR_SERVICE_JDBC_URL", urlOf(emptyDatabase), "MODELS_DIR",
                restoredModels.toString());
        ScriptRun restore = ScriptRun.run("restore.sh", target, "--services", "doctor-service,models",
                backupDir.toString());
        assertEquals(0, restore.exitCode(), restore.toString());

        assertEquals(reports(Infrastructure.jdbcUrl()), reports(urlOf(emptyDatabase)), "the same reports are listed");
        assertTrue(reports(urlOf(emptyDatabase)).size() >= 2);
        assertTrue(Files.isRegularFile(
                restoredModels.resolve("manifests/registry.ollama.ai/library/qwen2.5-coder/1.5b")));

        ScriptRun again = ScriptRun.run("restore.sh", target, "--services", "doctor-service,models",
                backupDir.toString());
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("refusing to overwrite"), again.toString());
        assertTrue(again.stderr().contains("doctor.report"), again.toString());

        execute(urlOf(emptyDatabase), "delete from doctor.check_result; delete from doctor.report where id = "
                + "(select max(id) from doctor.report)");
        ScriptRun forced = ScriptRun.run("restore.sh", target, "--force", "--services", "doctor-service,models",
                backupDir.toString());
        assertEquals(0, forced.exitCode(), forced.toString());
        assertEquals(reports(Infrastructure.jdbcUrl()), reports(urlOf(emptyDatabase)), "--force replaced the data");
    }

    @Test
    void weightsComeAlongWhenAskedForAndADamagedBackupIsRefused() throws Exception {
        ScriptRun backup = ScriptRun.run("backup.sh", Map.of("MODELS_DIR", models.toString()), "--out",
                temp.resolve("backups").toString(), "--services", "models", "--with-blobs");
        assertEquals(0, backup.exitCode(), backup.toString());
        Path backupDir = Path.of(backup.stdout().trim());
        Path restoredModels = temp.resolve("restored-models");
        ScriptRun restore = ScriptRun.run("restore.sh", Map.of("MODELS_DIR", restoredModels.toString()),
                backupDir.toString());
        assertEquals(0, restore.exitCode(), restore.toString());
        assertEquals("weights", Files.readString(restoredModels.resolve("blobs/sha256-" + "a".repeat(64))));

        Files.writeString(backupDir.resolve("models/manifests.tar.gz"), "damaged");
        ScriptRun damaged = ScriptRun.run("restore.sh", Map.of("MODELS_DIR", temp.resolve("other").toString()),
                backupDir.toString());
        assertEquals(2, damaged.exitCode(), damaged.toString());
        assertTrue(damaged.stderr().contains("checksums do not match"), damaged.toString());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, ScriptRun.run("backup.sh", Map.of(), "--services", "weather").exitCode());
        assertEquals(2, ScriptRun.run("restore.sh", Map.of()).exitCode());
        assertEquals(2, ScriptRun.run("restore.sh", Map.of(), temp.toString()).exitCode());
        assertEquals(0, ScriptRun.run("backup.sh", Map.of(), "--help").exitCode());
    }

    private static String urlOf(String database) {
        String url = Infrastructure.jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    private static List<String> reports(String url) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select id, status, generated_at, body::text, (select count(*) from doctor.check_result c "
                                + "where c.report_id = r.id) from doctor.report r order by id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|"
                        + result.getString(4).length() + "|" + result.getLong(5));
            }
        }
        return rows;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(String url) throws SQLException {
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
        return DriverManager.getConnection(url, user, password);
    }
}
