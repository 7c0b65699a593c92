package dev.baton.console.view;

import java.util.List;

/**
 * The hosts of a run in one state, as the run page groups them.
 *
 * @param state   the hosts' state (wire name), for styling and tests
 * @param title   the group's heading
 * @param hint    what the state means for the operator, one sentence
 * @param hosts   the hosts shown, in the run's order (waiting hosts: the order they take slots)
 * @param total   how many hosts are in the state; more than {@code hosts.size()} when the group is cut
 */
public record JumpHostGroup(String state, String title, String hint, List<JumpHostItem> hosts, int total) {

    public int hidden() {
        return total - hosts.size();
    }
}
