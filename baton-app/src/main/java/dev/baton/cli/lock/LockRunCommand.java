package dev.baton.cli;

import dev.baton.client.BatonClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Take a lock, run a command, and release the lock if the command succeeds.",
                "If the command fails, the lock is kept, so the next host does not start on top of a failure;",
                "an operator looks, then releases it (baton lock force-release)."},
        footer = {"", "Exit codes: the command's own exit code when it ran; 1 lock not granted; 2 bad usage; 3 server unreachable."})
public final class LockRunCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--lock", required = true, paramLabel = "NAME") String lock;
    @Option(names = "--holder", paramLabel = "HOLDER", description = "Default: this host's fully qualified name.") String holder;
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0", description = "Wait up to this long for a slot.") long waitSeconds;
    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments, after --.") List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String who = holder != null ? holder : InetAddress.getLocalHost().getCanonicalHostName();
        BatonClient client = connection.client();
        var err = spec.commandLine().getErr();
        var answer = client.acquire(lock, who, Duration.ofSeconds(waitSeconds));
        if (!answer.granted()) {
            err.println("baton lock run: not granted: " + answer.message());
            return ExitCodes.REFUSED;
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        int code = process.waitFor();
        if (code == 0) {
            client.release(lock, who);
        } else {
            err.printf("baton lock run: the command exited with %d; keeping %s's slot of %s so the wave stops here%n", code, who, lock);
        }
        return code;
    }
}
