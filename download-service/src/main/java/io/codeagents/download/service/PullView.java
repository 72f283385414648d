package io.codeagents.download.service;

import java.time.Instant;
import java.util.List;

import io.codeagents.download.domain.Pull;
import io.codeagents.download.domain.PullLayer;
import io.codeagents.download.domain.PullState;

/** A pull as the API shows it. */
public record PullView(
        String model,
        String name,
        PullState state,
        ErrorView error,
        long bytesDone,
        long bytesTotal,
        List<LayerView> layers,
        long speedBytesPerSecond,
        Long etaSeconds,
        int resumes,
        int retries,
        int verificationFailures,
        String owner,
        Instant createdAt,
        Instant updatedAt,
        Instant lastProgressAt,
        Instant completedAt) {

    /** Why a pull is in {@code error}: a catalogue code and a sentence. */
    public record ErrorView(String code, String message) {
    }

    /** One blob of the pull. */
    public record LayerView(String digest, String mediaType, long size, long bytesDone, String state) {
    }

    public static PullView of(Pull pull, List<PullLayer> layers) {
        ErrorView error = pull.state == PullState.ERROR && pull.errorCode != null
                ? new ErrorView(pull.errorCode, pull.errorMessage)
                : null;
        List<LayerView> layerViews = layers.stream()
                .map(l -> new LayerView(l.digest, l.mediaType, l.size, l.bytesDone, l.state)).toList();
        boolean running = pull.state.active();
        return new PullView(pull.model, pull.name, pull.state, error, pull.bytesDone, pull.bytesTotal, layerViews,
                running ? pull.speedBytesPerSecond : 0, running ? pull.etaSeconds : null, pull.resumes, pull.retries,
                pull.verificationFailures, running ? pull.owner : null, pull.createdAt, pull.updatedAt,
                pull.lastProgressAt, pull.completedAt);
    }
}
