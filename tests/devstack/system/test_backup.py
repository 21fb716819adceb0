"""The server-side backup script as operators run it (MiniRAG's scripts/backup.sh): its dump restores into a
fresh PostgreSQL with a known row present, a failed dump leaves no backup behind and fails the script, and
retention deletes old files."""

import re
import unittest
import uuid

try:  # run as a package (unittest discover -t <repo root>) or as top-level modules (discover -s <this dir>)
    from . import devstack_env as ds
except ImportError:
    import devstack_env as ds

PROBE_TABLE = "devstack_backup_probe"


def psql_in(container, sql, *, extra=""):
    """Runs SQL through psql inside a container (over SSH); returns stdout."""
    return ds.ssh(f"docker exec -i {container} psql -v ON_ERROR_STOP=1 -X -q -tA -U minirag -d minirag {extra}",
                  input=sql).stdout


def backups_listing():
    return set(ds.ssh(f"ls -1 {ds.env('RAGDESK_STACK_DIR')}/backups").stdout.split())


def run_backup(env_prefix="", check=True):
    return ds.ssh(f"cd {ds.env('RAGDESK_STACK_DIR')} && {env_prefix} ./scripts/backup.sh", timeout=300, check=check)


class BackupRestoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ds.check_env()

    def setUp(self):
        ds.wait_stack_healthy()
        self.postgres = ds.service_container("postgres")

    def add_probe_row(self):
        marker = f"backup-probe-{uuid.uuid4().hex}"
        psql_in(self.postgres, f"CREATE TABLE IF NOT EXISTS {PROBE_TABLE} (marker text PRIMARY KEY);\n"
                               f"INSERT INTO {PROBE_TABLE} VALUES ('{marker}');\n")
        self.addCleanup(psql_in, self.postgres, f"DROP TABLE IF EXISTS {PROBE_TABLE};\n")
        return marker

    def start_fresh_postgres(self):
        """A throwaway PostgreSQL from the stack's own postgres image, with an empty data directory. It carries
        the project label, so `devstack down`/`reset` removes it even if this test dies."""
        image = ds.ssh(f"docker inspect --format '{{{{.Config.Image}}}}' {self.postgres}").stdout.strip()
        name = f"{ds.env('RAGDESK_COMPOSE_PROJECT')}-restore-probe-{uuid.uuid4().hex[:8]}"
        ds.ssh(f"docker run -d --name {name} --network none "
               f"--label com.docker.compose.project={ds.env('RAGDESK_COMPOSE_PROJECT')} "
               f"-e POSTGRES_USER=minirag -e POSTGRES_PASSWORD=restore-probe -e POSTGRES_DB=minirag {image}")
        self.addCleanup(ds.ssh, f"docker rm --force --volumes {name}", check=False)
        ds.wait_until(lambda: ds.ssh(f"docker exec {name} pg_isready -q -h 127.0.0.1 -U minirag -d minirag",
                                     check=False).returncode == 0,
                      timeout=90, what="the throwaway PostgreSQL to accept connections", interval=0.5)
        return name

    def test_backup_restores_into_a_fresh_postgres(self):
        marker = self.add_probe_row()
        result = run_backup()
        match = re.search(r"PostgreSQL dump: (postgres_(\d{8}_\d{6})\.sql\.gz)", result.stdout)
        self.assertIsNotNone(match, result.stdout)
        dump_name, stamp = match.group(1), match.group(2)
        self.assertIn("Backup complete.", result.stdout)
        backups = f"{ds.env('RAGDESK_STACK_DIR')}/backups"
        ds.ssh(f"gzip -t {backups}/{dump_name}")

        # The retrieval store's snapshot (Qdrant's place): a SQL dump of the chunks table.
        snapshot = ds.ssh(f"cat {backups}/qdrant_{stamp}.snapshot").stdout
        self.assertIn("minirag_chunks", snapshot)

        fresh = self.start_fresh_postgres()
        ds.ssh(f"gunzip -c {backups}/{dump_name} | docker exec -i {fresh} "
               "psql -v ON_ERROR_STOP=1 -X -q -U minirag -d minirag >/dev/null", timeout=300)
        self.assertEqual(psql_in(fresh, f"SELECT marker FROM {PROBE_TABLE};\n").split(), [marker])
        tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;\n"
        self.assertEqual(psql_in(fresh, tables_sql), psql_in(self.postgres, tables_sql))

    def test_failed_dump_fails_the_script_and_writes_no_backup(self):
        before = backups_listing()
        result = run_backup("POSTGRES_DB=devstack_no_such_database", check=False)
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("ERROR", result.stdout)
        self.assertNotIn("Backup complete.", result.stdout)
        after = backups_listing()
        self.assertEqual({n for n in after - before if n.startswith("postgres_")}, set())
        self.assertEqual([n for n in after if n.endswith(".partial")], [])

    def test_retention_deletes_backups_older_than_retain_days(self):
        backups = f"{ds.env('RAGDESK_STACK_DIR')}/backups"
        old = ["postgres_20000101_030000.sql.gz", "qdrant_20000101_030000.snapshot"]
        recent = "postgres_20000102_030000.sql.gz"
        self.addCleanup(ds.ssh, f"cd {backups} && rm -f {' '.join(old + [recent])}")
        ds.ssh(f"cd {backups} && echo | gzip > {old[0]} && echo > {old[1]} && echo | gzip > {recent} "
               f"&& touch -d '10 days ago' {' '.join(old)} && touch -d '2 days ago' {recent}")
        result = run_backup("RETAIN_DAYS=7")
        listing = backups_listing()
        for name in old:
            self.assertNotIn(name, listing)
            self.assertIn(f"Deleted old backup: {name}", result.stdout)
        self.assertIn(recent, listing)


if __name__ == "__main__":
    unittest.main()
