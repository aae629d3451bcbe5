package io.numbat.agent.scrape;

/** A response that is not the Prometheus text exposition format; the message names the line and what is wrong. */
public final class PrometheusFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public PrometheusFormatException(String message) {
        super(message);
    }
}
