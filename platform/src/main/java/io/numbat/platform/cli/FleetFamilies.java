package io.numbat.platform.cli;

import io.numbat.agent.fleet.FamilySpec;
import java.util.ArrayList;
import java.util.List;

/** The families of {@code numbat fleet}: family-1 .. family-F, nodes split evenly, each at about 50 % load. */
public final class FleetFamilies {
    private FleetFamilies() {}

    public static List<FamilySpec> of(int nodes, int families) {
        if (nodes < 1 || families < 1 || families > nodes) {
            throw new IllegalArgumentException(
                    "--nodes must be >= 1 and --families between 1 and --nodes, was " + nodes + " and " + families);
        }
        List<FamilySpec> specs = new ArrayList<>(families);
        for (int f = 0; f < families; f++) {
            int n = nodes / families + (f < nodes % families ? 1 : 0);
            specs.add(new FamilySpec("family-" + (f + 1), n, 0.5 * n));
        }
        return specs;
    }
}
