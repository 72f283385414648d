package io.codeagents.download.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.common.model.ModelsDir;
import io.codeagents.download.client.Manifest;
import io.codeagents.download.config.StoreConfig;

/**
 * The model store in Ollama's own layout, so an Ollama server sharing the volume serves what was pulled:
 * {@code blobs/sha256-<hex>} and {@code manifests/<registry>/<namespace>/<model>/<tag>}. Partial data lives in
 * {@code partial/}, a directory Ollama never looks at (its start-up prune deletes odd names in {@code blobs/}); a blob
 * is moved into {@code blobs/} only after its digest was verified, a manifest written only after all its blobs were.
 */
@ApplicationScoped
public class ModelStore {

    private static final Logger LOG = Logger.getLogger(ModelStore.class);
    private static final Pattern PARTIAL_NAME = Pattern.compile("sha256-([0-9a-f]{64})-partial");

    private final Path root;

    public ModelStore(StoreConfig config) {
        this.root = ModelsDir.resolve(config.modelsDir());
    }

    public Path root() {
        return root;
    }

    public Path blob(String digest) {
        return ModelsDir.blob(root, digest);
    }

    public Path partial(String digest) {
        return partialDir().resolve(digest.replace(':', '-') + "-partial");
    }

    public Path partialDir() {
        return root.resolve("partial");
    }

    /** The verified blob is in place (its size is checked; its digest was checked before it got its name). */
    public boolean hasBlob(Manifest.Blob blob) {
        try {
            return Files.size(blob(blob.digest())) == blob.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the partial file if missing; returns it. */
    public Path openPartial(String digest) {
        Path file = partial(digest);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return file;
        } catch (IOException e) {
            throw storeError("cannot create " + file, e);
        }
    }

    /** Gives a verified partial file its final name, atomically. */
    public void promote(String digest) {
        Path target = blob(digest);
        try {
            Files.createDirectories(target.getParent());
            move(partial(digest), target);
        } catch (IOException e) {
            throw storeError("cannot move the verified blob " + digest + " into " + target.getParent(), e);
        }
    }

    public void deletePartial(String digest) {
        try {
            Files.deleteIfExists(partial(digest));
        } catch (IOException e) {
            throw storeError("cannot delete the partial file of " + digest, e);
        }
    }

    /** Writes the manifest exactly as the registry served it, atomically (a reader sees the old file or the new). */
    public void writeManifest(ModelName name, String manifest) {
        Path target = name.manifestPath(root);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".manifest-", ".tmp");
            Files.writeString(temp, manifest, StandardCharsets.UTF_8);
            move(temp, target);
        } catch (IOException e) {
            throw storeError("cannot write the manifest " + target, e);
        }
    }

    public boolean hasManifest(ModelName name) {
        return Files.isRegularFile(name.manifestPath(root));
    }

    /** Every complete model in the store, whoever pulled it (this service or Ollama). */
    public List<LocalModel> models() {
        Path manifests = root.resolve("manifests");
        if (!Files.isDirectory(manifests)) {
            return List.of();
        }
        List<LocalModel> models = new ArrayList<>();
        try (Stream<Path> files = Files.walk(manifests, 4)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = manifests.relativize(file);
                if (relative.getNameCount() == 4 && Files.isRegularFile(file)
                        && !relative.getFileName().toString().startsWith(".")) {
                    read(file, relative).ifPresent(models::add);
                }
            }
        } catch (IOException e) {
            throw storeError("cannot list " + manifests, e);
        }
        return models;
    }

    public Optional<LocalModel> model(ModelName name) {
        Path file = name.manifestPath(root);
        return Files.isRegularFile(file) ? read(file, root.resolve("manifests").relativize(file)) : Optional.empty();
    }

    /** Removes the model's manifest and the blobs no other manifest uses; returns the blobs removed. */
    public List<String> deleteModel(ModelName name) {
        LocalModel model = model(name).orElseThrow(() -> ApiException.notFound("Model '" + name.fullName() + "'"));
        try {
            Files.delete(name.manifestPath(root));
            pruneEmptyDirectories(name.manifestPath(root).getParent());
        } catch (IOException e) {
            throw storeError("cannot delete the manifest of " + name.fullName(), e);
        }
        Set<String> stillUsed = new HashSet<>();
        for (LocalModel other : models()) {
            other.manifest().blobs().forEach(b -> stillUsed.add(b.digest()));
        }
        List<String> removed = new ArrayList<>();
        for (Manifest.Blob blob : model.manifest().blobs()) {
            if (!stillUsed.contains(blob.digest()) && !removed.contains(blob.digest())) {
                try {
                    if (Files.deleteIfExists(blob(blob.digest()))) {
                        removed.add(blob.digest());
                    }
                } catch (IOException e) {
                    LOG.warnf("could not delete blob %s: %s", blob.digest(), e.getMessage());
                }
            }
        }
        return removed;
    }

    /** The files in {@code partial/}, with the digest their name carries (null for a name that is not ours). */
    public List<PartialFile> partialFiles() {
        List<PartialFile> files = new ArrayList<>();
        if (!Files.isDirectory(partialDir())) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(partialDir())) {
            for (Path file : dir) {
                var matcher = PARTIAL_NAME.matcher(file.getFileName().toString());
                try {
                    files.add(new PartialFile(file, matcher.matches() ? "sha256:" + matcher.group(1) : null,
                            Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (promoted or reset): nothing to report
                }
            }
        } catch (IOException e) {
            throw storeError("cannot list " + partialDir(), e);
        }
        return files;
    }

    public long usableBytes() {
        try {
            return Files.getFileStore(existingAncestor(root)).getUsableSpace();
        } catch (IOException e) {
            throw storeError("cannot read the free space of " + root, e);
        }
    }

    public long totalBytes() {
        try {
            return Files.getFileStore(existingAncestor(root)).getTotalSpace();
        } catch (IOException e) {
            throw storeError("cannot read the size of " + root, e);
        }
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.getRoot() : p;
    }

    private Optional<LocalModel> read(Path file, Path relative) {
        try {
            String raw = Files.readString(file, StandardCharsets.UTF_8);
            Manifest manifest = Manifest.parse(raw);
            ModelName name = new ModelName(relative.getName(0).toString(), relative.getName(1).toString(),
                    relative.getName(2).toString(), relative.getName(3).toString());
            FileTime modified = Files.getLastModifiedTime(file);
            return Optional.of(new LocalModel(name, manifest, Digests.sha256(raw.getBytes(StandardCharsets.UTF_8)),
                    modified.toInstant()));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("skipping unreadable manifest %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    private void pruneEmptyDirectories(Path dir) throws IOException {
        Path manifests = root.resolve("manifests");
        Path current = dir;
        while (current != null && current.startsWith(manifests) && !current.equals(manifests)) {
            try (Stream<Path> entries = Files.list(current)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(current);
            current = current.getParent();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static ApiException storeError(String what, IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file " + e.getMessage() : e.getMessage();
        return new ApiException(ErrorCode.DL_006, "Model store error: " + what + " (" + reason + ")", e);
    }

    /** A complete model: its name, its manifest and the manifest's own digest (what Ollama lists). */
    public record LocalModel(ModelName name, Manifest manifest, String digest, Instant modifiedAt) {
    }

    public record PartialFile(Path path, String digest, long size, Instant modifiedAt) {
    }
}
