package dev.baton.console.view;

import java.time.Instant;

/**
 * A host in a table.
 *
 * @param state        idle, waiting, updating, failed or not_seen
 * @param phase        the phase of its agent's newest report, or null
 * @param status       the status of that report, or null
 */
public record HostRow(String name, String state, boolean registered, Instant lastCheckIn, String lastProtocol,
                      String phase, String status, Instant reportedAt) {
}
