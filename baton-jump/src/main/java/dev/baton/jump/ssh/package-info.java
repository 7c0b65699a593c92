/**
 * SSH from the Baton side to the hosts of a jump (Apache MINA SSHD's client): {@link dev.baton.jump.ssh.SshConnector}
 * connects with the site's key file and/or an ssh-agent's keys (the agent protocol spoken over the JDK's Unix-domain
 * sockets), checks host keys against {@code known_hosts} (or a key a recipe declared for after a reboot, which then
 * replaces the host's old key there), and waits for hosts to go down and come back; a
 * {@link dev.baton.jump.ssh.HostSession} runs commands with their output line by line and uploads files over SFTP.
 */
package dev.baton.jump.ssh;
