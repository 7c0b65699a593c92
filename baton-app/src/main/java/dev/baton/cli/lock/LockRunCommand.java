package dev.baton.cli.lock;

import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Names;
import dev.baton.cli.ServerConnection;
import dev.baton.client.BatonClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Take a lock, run a command, and release the lock if the command succeeds.",
                "If the command fails, the lock is kept, so the next host does not start on top of a failure; an operator "
                        + "looks, then releases it (baton lock force-release).",
                "A command that cannot start (not found, not executable) never runs: the slot is not kept, and the exit "
                        + "code is a shell's, 127 or 126."},
        footer = {"", "Exit codes: the command's own exit code when it ran; 127 command not found; 126 command not executable; "
                + "1 lock not granted; 2 bad usage; 3 server unreachable."})
public final class LockRunCommand implements Callable<Integer> {
    @Mixin ServerConnection connection;
    @Spec CommandSpec spec;
    @Option(names = "--lock", required = true, paramLabel = "NAME", converter = Names.Lock.class,
            description = "The lock to hold while the command runs.") String lock;
    @Option(names = "--holder", paramLabel = "HOLDER", converter = Names.Holder.class,
            description = "Who holds the slot (default: this host's fully qualified name).") String holder;
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait up to this long for a slot (default: ${DEFAULT-VALUE}).") long waitSeconds;
    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments, after --.") List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Executables.Unrunnable> unrunnable = Executables.check(command.getFirst(), System.getenv("PATH"));
        if (unrunnable.isPresent()) {
            err.println("baton lock run: " + unrunnable.get().message() + "; not taking " + lock);
            return unrunnable.get().exitCode();
        }
        String who = holder != null ? holder : thisHost();
        BatonClient client = connection.client();
        var answer = client.acquire(lock, who, Duration.ofSeconds(waitSeconds));
        if (!answer.granted()) {
            err.println("baton lock run: not granted: " + answer.message());
            return ExitCodes.REFUSED;
        }
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            Executables.Unrunnable failed = Executables.startFailed(command.getFirst(), System.getenv("PATH"), e.getMessage());
            var released = client.release(lock, who);
            err.println("baton lock run: " + failed.message() + "; the command never ran, so "
                    + (released.released() ? who + "'s slot of " + lock + " is released" : who + " holds no slot of " + lock));
            return failed.exitCode();
        }
        int code = process.waitFor();
        if (code == 0) {
            client.release(lock, who);
        } else {
            err.printf("baton lock run: the command exited with %d; keeping %s's slot of %s so the wave stops here%n", code, who, lock);
        }
        return code;
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new CliException("cannot tell this host's name (" + e.getMessage() + "); pass --holder");
        }
    }
}
