package io.numbat.deployer.broker;

/** What a provider can fall short on when the broker matches it against a family's needs. */
public enum Criterion {
    /** Fewer cores than the profile asks for. */
    CORES("cores >= "),
    /** Less memory than the profile asks for. */
    MEMORY("memoryMb >= "),
    /** Another (or no) architecture. */
    ARCHITECTURE("architecture "),
    /** An older (or no) OTP release. */
    OTP("otp >= "),
    /** Another (or no) region. */
    REGION("region "),
    /** A required label missing or with another value. */
    LABEL("label "),
    /** The provider is full: no capacity left for another node. */
    CAPACITY("capacity");

    private final String prefix;

    Criterion(String prefix) {
        this.prefix = prefix;
    }

    /** The requirement as a phrase, e.g. {@code otp >= 26}. */
    public String requirement(String required) {
        return this == CAPACITY ? prefix : prefix + required;
    }
}
