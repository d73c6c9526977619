"""nbgrader configuration for coursekit's worksheets (see docs/instructor-guide.md,
"Grading with nbgrader").

`coursekit grading course COURSE_DIR` (coursekit.grading.make_course) copies this file into
the course directory, next to source/exercises-NN/, made from exercises/solutions/.
"""

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "coursekit"
# The course directory is the folder this file is in (nbgrader's default: where you run it).

# The student version must be the worksheet `coursekit exercises build` writes: an answer
# region becomes this line, not nbgrader's "raise NotImplementedError()".
c.ClearSolutions.code_stub = {"python": "answer = ...  # your answer here"}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"

# Worksheets read the case from the installed package; nothing else to copy.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# A test cell checks one answer in a fresh Python process (a second or two).
c.ExecutePreprocessor.timeout = 180

# On a JupyterHub with nbgrader's exchange, uncomment and set (every user must be able to
# read and write it; see nbgrader's documentation "Using nbgrader with JupyterHub"):
# c.Exchange.root = "/srv/nbgrader/exchange"
