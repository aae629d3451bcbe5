package io.numbat.agent.spool;

/** A record as the spool keeps it: already serialised, with the segment it lives in. */
public record SpooledRecord(long segment, String key, byte[] value, long timestampMillis) {}
