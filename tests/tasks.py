"""Running queued database tasks as production's `db_worker` does, inside a test."""

from django_tasks_db.management.commands.db_worker import Worker


def run_queued(results):
    """Run each queued task result through the worker's per-task step. The worker's own loop closes
    database connections between tasks, which would end the test's transaction on PostgreSQL."""
    worker = Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    for result in results:
        worker.run_task(result)
