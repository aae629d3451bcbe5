package io.numbat.console.view;

import java.util.List;

/** One page of a sorted, filtered node list: {@code total} matches, of which {@code nodes} are shown. */
public record NodePage(int total, int page, int size, List<NodeView> nodes) {}
