package io.numbat.deployer.config;

import java.util.List;

/** What a family's node runs: an Erlang release's start script, {@code erl} with arguments, or any command. */
public sealed interface Run {
    /** Whether the node is an Erlang node (and so needs a cookie). */
    boolean erlang();

    /** An Erlang release; {@code startScript} is e.g. {@code /opt/web/bin/web}. */
    record Release(String startScript) implements Run {
        @Override
        public boolean erlang() {
            return true;
        }
    }

    /** Plain {@code erl}; the provider adds the node name and cookie to {@code args}. */
    record Erl(List<String> args) implements Run {
        public Erl {
            args = List.copyOf(args);
        }

        @Override
        public boolean erlang() {
            return true;
        }
    }

    /** Any other command, e.g. a JVM node: {@code argv[0]} is the program. */
    record Command(List<String> argv) implements Run {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a command needs at least a program");
            }
        }

        @Override
        public boolean erlang() {
            return false;
        }
    }
}
