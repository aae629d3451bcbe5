package io.numbat.platform.alerts;

import java.util.concurrent.CompletableFuture;

/** Where a batch of alerts is posted: {@link HttpAlertSink} over HTTP, a fake in tests. */
public interface AlertSink {
    /** Posts {@code json}; completes when the receiver accepted it, exceptionally when it did not. */
    CompletableFuture<Void> post(String json);
}
