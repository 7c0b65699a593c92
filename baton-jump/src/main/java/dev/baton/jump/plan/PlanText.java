package dev.baton.jump.plan;

/**
 * A plan as an operator reads it: a heading naming the recipe and the directory its local commands run in, then per
 * host a heading with its log file and one row per step: line number, kind, text.
 */
public final class PlanText {

    private PlanText() {
    }

    public static String render(Plan plan) {
        StringBuilder s = new StringBuilder();
        s.append("recipe ").append(plan.recipe().file()).append(": ").append(plan.hosts().size())
                .append(plan.hosts().size() == 1 ? " host" : " hosts").append("; local commands run in ")
                .append(plan.recipe().directory()).append('\n');
        for (HostPlan host : plan.hosts()) {
            s.append('\n');
            s.append("host ").append(host.host()).append(" (log ").append(host.logFile()).append(")\n");
            for (PlannedStep step : host.steps()) {
                s.append(String.format("%5d  %-6s  %s\n", step.line(), step.kind(), step.text()));
            }
        }
        return s.toString();
    }
}
