package io.numbat.agent.erlang;

import io.numbat.schemas.Sample;
import java.util.List;

/** What a node said about itself when the agent connected: versions, limits, normal schedulers. */
public record NodeInfo(String otpRelease, String ertsVersion, int schedulers, List<Sample> limits) {}
