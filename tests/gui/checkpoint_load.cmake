# Checkpoints from elsewhere open in the GUI (issues #7, #10): `pixelscope --load PATH` does what
# File > Load checkpoint does.
#   gui_load_cli_checkpoint    a checkpoint of `pixelscope train` (3 s): the Training tab shows
#                              its training log as a blue curve, its settings, and samples of it
#   gui_load_resumes           --load with --train-seconds goes on from the loaded step (the app
#                              prints where the run started and ended)
#   gui_load_missing / _junk   a bad file: exit 2, one line on stderr naming the file
#   gui_load_torch_checkpoint  a checkpoint of python/pixelscope_torch/train.py (20 steps) opens
#                              and resumes; registered only where python3-torch is installed
set(ps_ckpt_dir "${CMAKE_CURRENT_BINARY_DIR}/checkpoints")
set(ps_xvfb xvfb-run -a -s "-screen 0 1600x1000x24")

add_test(NAME gui_load_fixture_cli
    COMMAND sh -c "mkdir -p \"$1\" && \"$0\" train --seconds 3 --out \"$1/cli.safetensors\" >/dev/null"
            "$<TARGET_FILE:pixelscope>" "${ps_ckpt_dir}")
set_tests_properties(gui_load_fixture_cli PROPERTIES LABELS "gui" TIMEOUT 120
    FIXTURES_SETUP ps_cli_checkpoint)

# the settings column, the log's curve (the train series' blue, #2563EB, inside the plot, below its
# legend) and the sample grid
pixelscope_gui_test(load_cli_checkpoint --size 1600x1000 --min-colours 40
    --region 20,80,300,720,20
    --colour 420,175,400,430,2563EB,100
    --region 870,100,340,340,20
    -- --view training --load "${ps_ckpt_dir}/cli.safetensors")
set_tests_properties(gui_load_cli_checkpoint PROPERTIES FIXTURES_REQUIRED ps_cli_checkpoint)

# "training finished at step N, I images (from step S)": S is the checkpoint's step (> 0) and the
# run went on past it
set(ps_resume_check [=[
out=$("$@") || exit 1
echo "$out"
line=$(echo "$out" | grep '^training finished at step') || { echo "no 'training finished' line"; exit 1; }
end=$(echo "$line" | sed 's/^training finished at step \([0-9]*\),.*/\1/')
from=$(echo "$line" | sed 's/.*(from step \([0-9]*\))$/\1/')
[ "$from" -gt 0 ] || { echo "did not start from the loaded step"; exit 1; }
[ "$end" -gt "$from" ] || { echo "did not train past step $from"; exit 1; }
]=])
add_test(NAME gui_load_resumes
    COMMAND sh -c "${ps_resume_check}" sh ${ps_xvfb} "$<TARGET_FILE:pixelscope>" --view training
            --load "${ps_ckpt_dir}/cli.safetensors" --train-seconds 2
            --screenshot "${CMAKE_CURRENT_BINARY_DIR}/load_resumes.png")
set_tests_properties(gui_load_resumes PROPERTIES LABELS "gui" TIMEOUT 180
    FIXTURES_REQUIRED ps_cli_checkpoint)

# exit 2 and the file's name on stderr
set(ps_exit2_names_file [=[
err=$("$@" 2>&1 >/dev/null); rc=$?
echo "$err"
[ "$rc" -eq 2 ] || { echo "exit code $rc, expected 2"; exit 1; }
echo "$err" | grep -q "$PS_FILE" || { echo "the message does not name $PS_FILE"; exit 1; }
]=])
add_test(NAME gui_load_missing
    COMMAND sh -c "PS_FILE=nowhere.safetensors; ${ps_exit2_names_file}" sh ${ps_xvfb}
            "$<TARGET_FILE:pixelscope>" --view training --load /nonexistent-folder/nowhere.safetensors
            --screenshot "${CMAKE_CURRENT_BINARY_DIR}/never.png")
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/junk.safetensors" "not a checkpoint at all")
add_test(NAME gui_load_junk
    COMMAND sh -c "PS_FILE=junk.safetensors; ${ps_exit2_names_file}" sh ${ps_xvfb}
            "$<TARGET_FILE:pixelscope>" --view training
            --load "${CMAKE_CURRENT_BINARY_DIR}/junk.safetensors"
            --screenshot "${CMAKE_CURRENT_BINARY_DIR}/never.png")
set_tests_properties(gui_load_missing gui_load_junk PROPERTIES LABELS "gui" TIMEOUT 120)

# The PyTorch twin's checkpoint: only where Debian's python3-torch imports (as tests/torch).
find_program(ps_gui_python NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(ps_gui_python)
    execute_process(COMMAND "${ps_gui_python}" -c "import torch"
                    RESULT_VARIABLE ps_gui_torch_rc OUTPUT_QUIET ERROR_QUIET)
    if(ps_gui_torch_rc EQUAL 0)
        add_test(NAME gui_load_fixture_torch
            COMMAND sh -c "mkdir -p \"$2\" && cd \"$1/python\" && \"$0\" -m pixelscope_torch.train --steps 20 --eval-limit 64 --out \"$2/torch.safetensors\" >/dev/null"
                    "${ps_gui_python}" "${PROJECT_SOURCE_DIR}" "${ps_ckpt_dir}")
        set_tests_properties(gui_load_fixture_torch PROPERTIES LABELS "gui;torch" TIMEOUT 300
            FIXTURES_SETUP ps_torch_checkpoint)
        pixelscope_gui_test(load_torch_checkpoint --size 1600x1000 --min-colours 40
            --region 20,80,300,720,20
            --colour 420,175,400,430,2563EB,100
            --region 870,100,340,340,20
            -- --view training --load "${ps_ckpt_dir}/torch.safetensors" --train-seconds 2)
        set_tests_properties(gui_load_torch_checkpoint PROPERTIES LABELS "gui;torch"
            FIXTURES_REQUIRED ps_torch_checkpoint)
    endif()
endif()
