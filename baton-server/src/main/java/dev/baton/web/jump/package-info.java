/** The release jump's routes of the native API: runs across a fleet, their hosts and logs, operators' decisions. */
package dev.baton.web.jump;
