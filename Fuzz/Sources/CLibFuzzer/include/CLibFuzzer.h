// libFuzzer's driver entry (compiler-rt, FuzzerInterface.h): runs the fuzzing loop with the
// given callback. Declared here so the Swift executable's own main can call it.
#ifndef HAWALA_CLIBFUZZER_H
#define HAWALA_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
