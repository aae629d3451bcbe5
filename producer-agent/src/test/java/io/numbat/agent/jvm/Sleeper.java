package io.numbat.agent.jvm;

/** A JVM that does nothing for a while: the remote target of {@link RemoteJvmIT}. */
public final class Sleeper {
    private Sleeper() {}

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
    }
}
