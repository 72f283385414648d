package io.codeagents.download.service;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.codeagents.common.error.ApiException;
import io.codeagents.common.error.ErrorCode;
import io.codeagents.common.model.ModelName;
import io.codeagents.download.client.Manifest;
import io.codeagents.download.config.RegistryConfig;
import io.codeagents.download.store.ModelStore;

/** The store as the API shows it: complete models, partial files, free space; removing models and orphans. */
@ApplicationScoped
public class StoreService {

    private static final Logger LOG = Logger.getLogger(StoreService.class);

    private final ModelStore store;
    private final PullRecords records;
    private final PullRunner runner;
    private final ModelName.Defaults defaults;

    public StoreService(ModelStore store, PullRecords records, PullRunner runner, RegistryConfig registry) {
        this.store = store;
        this.records = records;
        this.runner = runner;
        this.defaults = new ModelName.Defaults(registry.defaultHost(), registry.defaultNamespace(), registry.defaultTag());
    }

    public record LayerView(String digest, String mediaType, long size) {
    }

    public record ModelView(String name, String model, long size, String digest, Instant modifiedAt,
            List<LayerView> layers) {
    }

    public record DeletedModel(String name, String model, List<String> removedBlobs) {
    }

    public record PartialFileView(String path, long size, Instant modifiedAt, boolean orphan) {
    }

    public record StoreView(String modelsDir, long freeBytes, long totalBytes, List<PartialFileView> partialFiles) {
    }

    public record CleanedOrphans(List<String> removed, long freedBytes) {
    }

    public List<ModelView> models() {
        return store.models().stream().map(this::view).toList();
    }

    public ModelView model(String rawName) {
        ModelName name = ModelName.parse(rawName, "model", defaults);
        return store.model(name).map(this::view)
                .orElseThrow(() -> ApiException.notFound("Model '" + name.shortName(defaults) + "'"));
    }

    /** Removes a model and the blobs no other model uses; refused while the model is being pulled. */
    public DeletedModel delete(String rawName) {
        ModelName name = ModelName.parse(rawName, "model", defaults);
        var state = records.stateOf(name.fullName());
        if (state != null && state.active()) {
            throw new ApiException(ErrorCode.DL_005, "'" + name.shortName(defaults) + "' is being pulled ("
                    + state.wireName() + "); cancel the pull first");
        }
        List<String> removed = store.deleteModel(name);
        LOG.infof("deleted model %s and %d blob(s)", name.fullName(), removed.size());
        return new DeletedModel(name.fullName(), name.shortName(defaults), removed);
    }

    public StoreView view() {
        List<PartialFileView> partials = new ArrayList<>();
        for (ModelStore.PartialFile file : store.partialFiles()) {
            partials.add(new PartialFileView(file.path().toString(), file.size(), file.modifiedAt(), orphan(file)));
        }
        return new StoreView(store.root().toString(), store.usableBytes(), store.totalBytes(), partials);
    }

    /** Deletes the partial files no unfinished pull refers to (and their persisted progress). */
    public CleanedOrphans cleanOrphans(Instant olderThan) {
        List<String> removed = new ArrayList<>();
        long freed = 0;
        for (ModelStore.PartialFile file : store.partialFiles()) {
            if (!orphan(file) || file.modifiedAt().isAfter(olderThan)) {
                continue;
            }
            try {
                if (Files.deleteIfExists(file.path())) {
                    removed.add(file.path().toString());
                    freed += file.size();
                }
                if (file.digest() != null) {
                    records.dropParts(file.digest());
                }
                LOG.infof("removed orphan partial file %s (%d bytes): no unfinished pull needs it", file.path(),
                        file.size());
            } catch (IOException e) {
                LOG.warnf("could not remove orphan %s: %s", file.path(), e.getMessage());
            }
        }
        return new CleanedOrphans(removed, freed);
    }

    private boolean orphan(ModelStore.PartialFile file) {
        if (file.digest() == null) {
            return true;
        }
        return !records.neededByUnfinishedPull(file.digest()) && !runner.blobLeaseHeld(file.digest());
    }

    private ModelView view(ModelStore.LocalModel model) {
        Manifest manifest = model.manifest();
        List<LayerView> layers = manifest.blobs().stream().map(b -> new LayerView(b.digest(), b.mediaType(), b.size()))
                .toList();
        return new ModelView(model.name().fullName(), model.name().shortName(defaults), manifest.totalSize(),
                model.digest(), model.modifiedAt(), layers);
    }
}
