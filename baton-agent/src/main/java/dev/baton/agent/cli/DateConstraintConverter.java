package dev.baton.agent.cli;

import dev.baton.agent.schedule.DateConstraint;
import picocli.CommandLine;

/** {@code --date_constraint "2:Tue,4:Fri"}: a bad value is a usage error with the reason, never a traceback. */
final class DateConstraintConverter implements CommandLine.ITypeConverter<DateConstraint> {
    @Override
    public DateConstraint convert(String value) {
        try {
            return DateConstraint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
