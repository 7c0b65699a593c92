/**
 * The RPM file format: {@link dev.baton.pipeline.rpm.RpmFile} reads a package's lead, signature header and main
 * header with their byte offsets, {@link dev.baton.pipeline.rpm.RpmHeader} gives typed values by
 * {@link dev.baton.pipeline.rpm.RpmTag}, {@link dev.baton.pipeline.rpm.Nevra} names a package. Files from outside
 * are hostile until read: every count, size and offset is checked, and a bad file is a
 * {@link dev.baton.pipeline.rpm.RpmFormatException} that says what is wrong.
 */
package dev.baton.pipeline.rpm;
