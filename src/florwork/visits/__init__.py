"""Visit planning (VROOM routes per officer and day) and visit reports."""
