package io.numbat.bench;

import io.numbat.platform.cli.CommandPlugin;

/** Adds {@code numbat bench ...} to the command line. */
public final class BenchPlugin implements CommandPlugin {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
