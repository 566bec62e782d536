/* sweep.h - remove what an interrupted batch run left behind: temporary files of atomic writes. */
#ifndef TWITOFF_SWEEP_H
#define TWITOFF_SWEEP_H

/* Delete every "NAME.tmpXXXXXX" file (write_file_atomic's temporaries) in $TWITOFF_HOME/models
 * and $TWITOFF_HOME/lists. Only safe while holding the batch lock (every writer of those
 * directories takes it). Returns how many files were removed. */
int sweep_temp_files(void);

#endif
