package dev.baton.cli.jobs;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton jobs}: the server's durable jobs. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Durable jobs: long work such as a remote's sync or a repository's publish. A job's state is kept by "
                + "the server, survives a restart (it resumes where a server stopped), and runs on one server at a time, "
                + "holding the lock baton-job-KIND-SUBJECT. States: queued, running, succeeded, failed, cancelled."},
        subcommands = {JobsListCommand.class, JobsShowCommand.class, JobsCancelCommand.class, JobsWaitCommand.class},
        footer = {"", ExitCodes.HELP})
public final class JobsCommand {
}
