#!/bin/bash
#
# jump2nr.pl script to help setup jump and new target systems
#
# Syntax: jump2.sh prep | save | restore
#
# If something is wrong, the script should exit with a non-zero return code
# All exits should be 'exit 0' or 'exit 1' or jump2nr.pl might incorrectly
# conclude the remote command failed
#
me=`basename $0`
FILES2SAVE="/etc/fstab /etc/hosts /etc/hostname /etc/passwd /etc/shadow /etc/ssh /etc/network/interfaces /root /etc/postfix/main.cf";
NEW_TARGET_RC1=rc.local.client
NEW_TARGET_RC2=rc.local.reconfigure.client
LOGFILE="/var/log/restore.log"
############################################################
# prep
# Runs on the target system before we try to set up a jump system.
# E.g. Stop applications, get users off, etc
############################################################
if [ "$1" = "prep" ]; then
exit 0
fi
############################################################
# save TARGET_PARTITION JUMP_MNT TARGET_DIR JUMP_DIR TARGET_TAR
# Runs on the target system after the jump root dir is set up
# This should copy important files from the target system (/) to the jump system.
# These files will be used in a 'restore' step
############################################################
if [ "$1" = "save" ]; then
shift
if [ "$#" != 5 ]; then
echo "Invalid '$me save' syntax: $0 $*"
exit 1
fi
TARGET_PARTITION="$1" # /dev/sda1 partition for new target
JUMP_MNT="$2" # /media/jump where jump system image is mounted
TARGET_DIR="$3" # /jumpfiles where jump files are on target system
JUMP_DIR="$4" # /jumpfiles where saved files are on jump system
TARGET_TAR="$5" # target.system.tgz tar image of new target system to restore
if [ ! -r $TARGET_DIR/$TARGET_TAR ]; then
echo "$me - Target system tar image ($TARGET_DIR/$TARGET_TAR) does not exist"
exit 1
fi
echo "Copying files to $JUMP_MNT/$JUMP_DIR"
mkdir -p $JUMP_MNT/$JUMP_DIR
cd $JUMP_MNT/$JUMP_DIR || exit 1
for f in $0 $FILES2SAVE $TARGET_DIR/$TARGET_TAR $TARGET_DIR/$NEW_TARGET_RC1 $TARGET_DIR/$NEW_TARGET_RC2; do
echo " $f"
cp -rp $f . || exit 1
done
# Create rc.local on jump system to invoke me to restore files
echo "Set up rc.local on jump system to complete process"
f="$JUMP_MNT/etc/rc.local"
if [ ! -r $f ]; then
echo "#!/bin/sh" > $f
fi
echo "$JUMP_DIR/$me restore $TARGET_PARTITION $JUMP_DIR $TARGET_TAR 2>&1 | tee $LOGFILE" >> $f
echo "reboot" >> $f
chmod 755 $f
echo "Jump system ready for reboot"
exit 0
fi
############################################################
# restore TARGET_PARTITION JUMP_DIR TARGET_TAR
# Runs on the jump system
# This should restore a new target system image
# This should copy saved important files from the old target
# system (/) to the new target system
############################################################
if [ "$1" = "restore" ]; then
shift
echo "#================================================="
echo "# jump2.sh restore"
echo "#================================================="
if [ "$#" != 3 ]; then
echo "Invalid '$me restore' syntax: $0 $*"
exit 1
fi
TARGET_PARTITION="$1" # /dev/sda1 partition for new target
JUMP_DIR="$2" # /jumpfiles where saved files are on jump system
TARGET_TAR="$3" # target.system.tgz tar image of new target system to restore
# Clean out the target partition, restore the new TAR image
# This is where we seriously make a commitment
mkfs -t ext3 -F $TARGET_PARTITION || exit 1
mount -t ext3 $TARGET_PARTITION /mnt || exit 1
cd /mnt || exit 1
tar xzf $JUMP_DIR/$TARGET_TAR
echo "If you are lucky, you have a runnable system now"
df
# Now restore those files saved by 'save'
echo "Restoring files to the new target"
for f in $FILES2SAVE; do
echo " $f"
if [ "$f" = "/etc/passwd" ]; then
echo "$f requires special handling, cannot just blast a new one in. Replace this code."
elif [ "$f" = "/etc/shadow" ]; then
echo "$f requires special handling, cannot just blast a new one in. Replace this code."
else
fb=`basename $f`
fd=`dirname $f`
cp -rp $JUMP_DIR/$fb ./$fd
fi
done
# Files restored. Prep new target so it can be booted
# The new target system better have /boot/grub/menu.lst set up properly
echo "Prepare new target system for reboot"
# Derive device from partition
d=`perl -e 'chop($ARGV[0]); print $ARGV[0];' $TARGET_PARTITION`
grub-install --root-directory=/mnt $d
# Last hook - replace existing rc.local support file with this one
echo "Enable my local hooks so the new target system finishes the last bit"
cp -p $JUMP_DIR/$NEW_TARGET_RC1 $JUMP_DIR/$NEW_TARGET_RC2 etc
touch /mnt/etc/jump.initialize.myself
exit
fi
echo "Syntax: ${me} prep | save | restore"
exit 1
