#!/bin/sh
# Nightly backups (docker-compose.yml's backup service, in the postgres image): at SHOUHU_BACKUP_AT
# (local time, TZ) a pg_dump of each database into SHOUHU_BACKUP_DIR, custom format
# (<db>-<YYYYmmdd-HHMMSS>.dump, restored with pg_restore: docs/deploy.md); dumps older than
# SHOUHU_BACKUP_KEEP_DAYS days are deleted. `sh backup.sh once` makes one round now and exits
# non-zero if a dump failed. The connection comes from libpq's PGHOST, PGUSER, PGPASSWORD.
set -u
dir=${SHOUHU_BACKUP_DIR:-/backups}
keep=${SHOUHU_BACKUP_KEEP_DAYS:-14}
at=${SHOUHU_BACKUP_AT:-03:00}
databases=${SHOUHU_BACKUP_DATABASES:-registry supplies gateway}

backup() {
	stamp=$(date +%Y%m%d-%H%M%S)
	status=0
	for db in $databases; do
		# Written under another name first: a dump cut short never looks like a good one.
		if pg_dump --format=custom --file="$dir/$db-$stamp.dump.partial" "$db"; then
			mv "$dir/$db-$stamp.dump.partial" "$dir/$db-$stamp.dump"
			echo "backup: wrote $dir/$db-$stamp.dump"
		else
			rm -f "$dir/$db-$stamp.dump.partial"
			echo "backup: pg_dump of $db FAILED" >&2
			status=1
		fi
	done
	find "$dir" -name '*.dump' -mtime +"$keep" -print -exec rm -f {} +
	return $status
}

# Seconds from now until the next HH:MM, local time ("08" is not octal here: leading 0 dropped).
seconds_until() {
	target_h=${1%%:*}
	target_m=${1##*:}
	set -- $(date '+%H %M %S')
	now=$((${1#0} * 3600 + ${2#0} * 60 + ${3#0}))
	target=$((${target_h#0} * 3600 + ${target_m#0} * 60))
	wait=$(((target - now + 86400) % 86400))
	echo $((wait == 0 ? 86400 : wait))
}

if [ "${1:-}" = once ]; then
	backup
	exit $?
fi
echo "backup: every day at $at ($(date +%Z)), keeping $keep days, into $dir"
while :; do
	sleep "$(seconds_until "$at")"
	backup || true
done
