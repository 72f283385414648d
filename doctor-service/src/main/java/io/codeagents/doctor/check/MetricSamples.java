package io.codeagents.doctor.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Earlier {@code /metrics} samples per service, so an error rate can be "recent": the counters are totals since each
 * service started, and the rate that matters is the one since a sample about one window old.
 */
@ApplicationScoped
public class MetricSamples {

    /** A sample and when it was taken. */
    public record Sample(Instant at, RequestCounts counts) {
    }

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    /**
     * Records a sample and returns the baseline to compare it with: the newest sample at least {@code window} old, else
     * the oldest one kept, else none (the first sample: the rate is since the service started).
     */
    public Sample recordAndBaseline(String service, Instant now, RequestCounts counts, Duration window) {
        Deque<Sample> history = samples.computeIfAbsent(service, s -> new ArrayDeque<>());
        synchronized (history) {
            Instant windowStart = now.minus(window);
            Sample baseline = null;
            for (Sample sample : history) {
                if (!sample.at().isAfter(windowStart)) {
                    baseline = sample;
                }
            }
            if (baseline == null && !history.isEmpty()) {
                baseline = history.peekFirst();
            }
            // Keep one sample older than the window (the next baseline) and everything newer.
            Iterator<Sample> oldestFirst = history.iterator();
            while (oldestFirst.hasNext()) {
                Sample sample = oldestFirst.next();
                if (sample != baseline && sample.at().isBefore(windowStart)) {
                    oldestFirst.remove();
                }
            }
            history.addLast(new Sample(now, counts));
            return baseline;
        }
    }
}
