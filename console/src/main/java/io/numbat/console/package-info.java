/**
 * The operator console's server (issue 6): {@link io.numbat.console.Console} runs a Vert.x web
 * service that keeps a bounded view of the fleet from Kafka ({@code view}, {@code intake}) and serves
 * it as a REST API ({@code api}), Server-Sent Events ({@code sse}) and Prometheus metrics
 * ({@code metrics}). The pages are not built yet.
 */
package io.numbat.console;
