package dev.clusterlab.task10;

/**
 * What {@code POST /jobs} answers.
 *
 * @param jobId    the job's id, unique in this primary: a retried job keeps it
 * @param hash     the job's PBKDF2 hash, hex
 * @param worker   the id of the worker that ran it (0: this process)
 * @param attempts how many workers were given the job (2 after a retry)
 * @param millis   from submission to result
 */
record JobResult(long jobId, String hash, int worker, int attempts, long millis) {
}
